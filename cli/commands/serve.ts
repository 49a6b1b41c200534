import cluster from 'node:cluster';
import { Command } from 'commander';
import 'dotenv/config';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createContainer } from '../../src/container.js';
import { RateLimiter, rateLimits } from '../../src/modules/auth/index.js';
import { seedDemo } from '../../seeders/index.js';
import { examples } from '../output.js';
import { printSeedResult } from './seed.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'Migrate the database and start the HTTP server (what `npm start` runs). In the embedded\n' +
        'setup (SQLite in development, or SEED_DEMO=true) the demo data is added on the first start.\n' +
        'With --workers N (or WORKERS=N|auto) N processes share the port, one per core.',
    )
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('-w, --workers <n>', 'HTTP worker processes, a number or auto (overrides WORKERS; default 1)')
    .option('--no-jobs', 'run no background jobs here (a `rhythmo worker` runs them; same as JOBS=false)')
    .addHelpText(
      'after',
      examples(
        'rhythmo serve',
        'rhythmo serve --port 8080',
        'rhythmo serve --workers auto',
        'rhythmo serve --no-jobs',
        'DATABASE_URL=postgres://localhost/rhythmo SEED_DEMO=false rhythmo serve',
      ),
    )
    .action(async (opts: { port?: string; workers?: string; jobs: boolean }) => {
      const config = loadConfig({ ...process.env, ...(opts.port && { PORT: opts.port }), ...(opts.workers && { WORKERS: opts.workers }) });
      if (cluster.isWorker) return serveAsWorker(config);
      const container = createContainer(config);
      const jobs = opts.jobs && config.jobs.run;
      // Loaded here, not at the top: the HTTP app (AdminJS above all) takes seconds to import,
      // and every other command would pay for it.
      const { startServer, prepareServer } = await import('../../src/server.js');
      const onStart = config.seedDemo
        ? async () => {
            const result = await seedDemo(container);
            // The accounts are printed only by the start that created them.
            if (result.seeded) printSeedResult(result);
          }
        : undefined;
      if (config.workers <= 1) {
        await startServer(container, { onStart, jobs });
        return;
      }
      // Migrations, the admin account, the temp sweep and the demo data run once, here; so do
      // the background jobs, in the primary, one runner for the host.
      await prepareServer(container, onStart);
      if (jobs) await container.runJobs();
      else await container.close();
      const { runPrimary } = await import('../../src/cluster/index.js');
      await runPrimary({ workers: config.workers, limiter: authLimiter(config), logger: container.logger, onStop: jobs ? () => container.close() : undefined });
    });
}

const authLimiter = (config: Config) => new RateLimiter(rateLimits(config.rateLimit));

async function serveAsWorker(config: Config): Promise<void> {
  const { ClusterLimiter, relayAnnouncements, relaySessionEnds, announceReady } = await import('../../src/cluster/index.js');
  // On PostgreSQL the workers count attempts and hear each other through the database, as
  // processes on other hosts do; the primary keeps counters and relays for SQLite only.
  const viaPrimary = config.database.dialect === 'sqlite';
  // With REDIS_URL every worker counts in Redis, like any other host.
  const container = createContainer(config, viaPrimary && !config.redis ? { limiter: new ClusterLimiter(authLimiter(config)) } : {});
  if (viaPrimary) {
    relayAnnouncements(container.services.announcements);
    relaySessionEnds(container.services.auth.sessions);
  }
  const { startServer } = await import('../../src/server.js');
  const started = await startServer(container, { prepared: true });
  await started.ready;
  announceReady();
}
