import { Command } from 'commander';
import { serveCommand } from './commands/serve.js';
import { dbCommand } from './commands/db.js';
import { importCommand } from './commands/import.js';
import { usersCommand } from './commands/users.js';
import { artistsCommand } from './commands/artists.js';
import { seedCommand } from './commands/seed.js';
import { recommendCommand } from './commands/recommend.js';
import { nginxConfigCommand } from './commands/nginx-config.js';
import { storageCommand } from './commands/storage.js';
import { workerCommand } from './commands/worker.js';

export function buildProgram(): Command {
  const program = new Command('rhythmo')
    .description('Rhythmo music streaming backend: server, database, imports and batch jobs')
    .version('0.1.0')
    .addHelpText(
      'after',
      '\nExamples:\n  $ rhythmo serve\n  $ rhythmo import ~/Music --owner artist@example.com\n  $ rhythmo users create --email ops@example.com --username ops --role admin\n' +
        '\nEvery command reads the same environment as the server (DATABASE_URL, DATA_DIR, ...; see the README) and takes --help.' +
        '\nExit codes: 0 ok, 1 some items failed, 2 bad usage or configuration.',
    );
  program.addCommand(serveCommand());
  program.addCommand(dbCommand());
  program.addCommand(importCommand());
  program.addCommand(usersCommand());
  program.addCommand(artistsCommand());
  program.addCommand(seedCommand());
  program.addCommand(recommendCommand());
  program.addCommand(nginxConfigCommand());
  program.addCommand(storageCommand());
  program.addCommand(workerCommand());
  return program;
}
