/**
 * `rhythmo ... | head -1`: once the reader has gone, every later write fails with EPIPE, which
 * Node raises as an unhandled 'error' event and a stack trace. Nobody is left to read the rest, so
 * the command stops there, quietly, with the exit code it already has (0 unless it failed).
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
