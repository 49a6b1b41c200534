import { Command } from 'commander';
import 'dotenv/config';
import { loadConfig } from '../../src/config/index.js';
import { createContainer } from '../../src/container.js';
import { startServer } from '../../src/server.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Migrate the database and start the HTTP server (what `npm start` runs)')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .addHelpText('after', '\nExamples:\n  rhythmo serve\n  PORT=8080 DATABASE_URL=postgres://localhost/rhythmo rhythmo serve')
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const container = createContainer(config);
      await startServer(container);
    });
}
