import { Command } from 'commander';
import { serveCommand } from './commands/serve.js';
import { dbCommand } from './commands/db.js';

export function buildProgram(): Command {
  const program = new Command('rhythmo')
    .description('Rhythmo music streaming backend: server, database, imports and batch jobs')
    .version('0.1.0')
    .showHelpAfterError()
    .addHelpText('after', '\nExit codes: 0 ok, 1 some items failed, 2 bad usage or configuration.');
  program.addCommand(serveCommand());
  program.addCommand(dbCommand());
  return program;
}
