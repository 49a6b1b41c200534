import { Command } from 'commander';
import { pino, destination } from 'pino';
import 'dotenv/config';
import { loadConfig } from '../../src/config/index.js';
import { createContainer } from '../../src/container.js';
import { examples } from '../output.js';

export function workerCommand(): Command {
  return new Command('worker')
    .description(
      'Run background jobs and nothing else (no HTTP): recommendation runs, library scans, transcode warm-ups and mail. ' +
        'On PostgreSQL any number of workers on any hosts share the jobs (pg-boss); on SQLite they share the job_runs table. ' +
        'SIGTERM/SIGINT stops it: running jobs get 10 s, then those with an attempt left are run again by the next worker.',
    )
    .addHelpText('after', examples('rhythmo worker', 'RECOMMEND_SCHEDULE="0 3 * * *" rhythmo worker'))
    .action(async () => {
      const config = loadConfig();
      // Jobs are batch work: no statement bound, as for every other command.
      const container = createContainer(
        { ...config, database: { ...config.database, timeouts: { ...config.database.timeouts, statementMs: 0 } } },
        { logger: pino({ level: config.logLevel }, destination(2)) },
      );
      try {
        await container.db.migrate();
        // The queue's timers do not hold the process open (a CLI command must be able to end):
        // this does, until a signal.
        const alive = setInterval(() => undefined, 2 ** 30);
        const stop = new Promise<NodeJS.Signals>((resolve) => {
          for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, resolve);
        }).finally(() => clearInterval(alive));
        await container.runJobs();
        container.logger.info({ database: config.database.dialect }, 'worker running jobs');
        const signal = await stop;
        container.logger.info({ signal }, 'worker stopping');
      } finally {
        await container.close();
      }
    });
}
