import { Command } from 'commander';
import 'dotenv/config';
import { loadConfig } from '../../src/config/index.js';
import { createContainer } from '../../src/container.js';
import { seedDemo } from '../../seeders/index.js';
import { examples } from '../output.js';
import { printSeedResult } from './seed.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Migrate the database and start the HTTP server (what `npm start` runs). In the embedded\nsetup (SQLite in development, or SEED_DEMO=true) the demo data is added on the first start.')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .addHelpText('after', examples('rhythmo serve', 'rhythmo serve --port 8080', 'DATABASE_URL=postgres://localhost/rhythmo SEED_DEMO=false rhythmo serve'))
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const container = createContainer(config);
      // Loaded here, not at the top: the HTTP app (AdminJS above all) takes seconds to import,
      // and every other command would pay for it.
      const { startServer } = await import('../../src/server.js');
      await startServer(container, {
        onStart: config.seedDemo
          ? async () => {
              const result = await seedDemo(container);
              // The accounts are printed only by the start that created them.
              if (result.seeded) printSeedResult(result);
            }
          : undefined,
      });
    });
}
