/** Gives this jest run a name, so two runs at once (or two developers on one machine) never share a database. */
export default function globalSetup(): void {
  process.env.RHYTHMO_TEST_RUN ??= `${process.pid}`;
}
