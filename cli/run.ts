import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../src/config/index.js';
import { DomainError } from '../src/shared/errors.js';

/** Exit codes: 0 ok, 1 some items failed, 2 bad usage or configuration. */
export const EXIT = { ok: 0, partial: 1, usage: 2 } as const;

export class PartialFailure extends Error {}

/** The one place where errors become exit codes and a single line on stderr. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (err instanceof PartialFailure) {
      process.stderr.write(`rhythmo: ${err.message}\n`);
      process.exitCode = EXIT.partial;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`rhythmo: ${message}\n`);
    process.exitCode = err instanceof ConfigError || err instanceof DomainError ? EXIT.usage : EXIT.partial;
  }
}
