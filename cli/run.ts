import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../src/config/index.js';
import { DomainError, InvalidError, StoreUnavailableError } from '../src/shared/errors.js';

/**
 * Exit codes: 0 ok, 1 some items failed (or an unexpected error), 2 bad usage or configuration
 * (unknown option, invalid value, refused input, unknown account or object), 3 the database could
 * not be reached or did not answer in time (nothing wrong with the command: run it again later).
 */
export const EXIT = { ok: 0, partial: 1, usage: 2, unavailable: 3 } as const;

/** Thrown after a command has printed its report, when some of its items failed. */
export class PartialFailure extends Error {}

/** The command line itself is wrong (a missing --yes, a contradictory pair of options). */
export class UsageError extends Error {}

/** One line: the message, then what was wrong with each field. */
export function describeError(err: unknown): string {
  if (err instanceof InvalidError && err.errors.length) {
    const details = err.errors.map((e) => `${e.path} ${e.message}`).join('; ');
    // Some services already spell the fields out in the message.
    return err.message.includes(details) ? err.message : `${err.message}: ${details}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Commander settings apply per command and addCommand() does not pass them down, so every
 * subcommand gets them here: usage errors come back as exceptions (not process.exit) and print
 * as one line.
 */
function configure(command: Command): void {
  command.exitOverride();
  command.configureOutput({
    outputError: (str, write) => write(`rhythmo: ${str.replace(/^error: /, '').trim()} (see --help)\n`),
  });
  for (const sub of command.commands) configure(sub);
}

/** The one place where errors become exit codes and a single line on stderr. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  configure(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`rhythmo: ${describeError(err)}\n`);
    if (err instanceof PartialFailure) process.exitCode = EXIT.partial;
    else if (err instanceof StoreUnavailableError) process.exitCode = EXIT.unavailable;
    else process.exitCode = err instanceof ConfigError || err instanceof DomainError || err instanceof UsageError ? EXIT.usage : EXIT.partial;
  }
}
