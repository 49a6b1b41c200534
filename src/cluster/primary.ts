import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../shared/logger.js';
import { RateLimiter } from '../modules/auth/index.js';
import { isClusterMessage } from './messages.js';

/** A worker that dies this soon after starting, this many times in a row, stops the cluster. */
const EARLY_EXIT_MS = 10_000;
const MAX_EARLY_EXITS = 5;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The primary of `rhythmo serve --workers N`: it serves nothing itself. It starts the workers
 * one after another (each builds the panel's front end, so they never write it at once), keeps
 * the auth rate-limit counters, relays announcements and ended sessions, restarts a worker that
 * dies, and on SIGTERM/SIGINT lets every worker finish its requests before exiting.
 */
export async function runPrimary(opts: { workers: number; limiter: RateLimiter; logger: Logger; onStop?: () => Promise<void> }): Promise<void> {
  const { logger, limiter } = opts;
  cluster.setupPrimary({ serialization: 'advanced' });
  let stopping = false;
  let earlyExits = 0;
  const startedAt = new Map<Worker, number>();

  const fork = () =>
    new Promise<void>((resolve) => {
      const worker = cluster.fork();
      startedAt.set(worker, Date.now());
      worker.on('message', (m: unknown) => {
        if (!isClusterMessage(m)) return;
        switch (m.rhythmo) {
          case 'ready':
            return resolve();
          case 'limit':
            return void worker.send({ rhythmo: 'limited', id: m.id, retryAfter: m.peek ? limiter.peek(m.keys) : limiter.count(m.keys) });
          case 'succeeded':
            return limiter.settle(m.keys);
          case 'announcement':
          case 'session-end':
            for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send(m);
            return;
        }
      });
      worker.once('exit', () => resolve());
    });

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    if (earlyExits >= MAX_EARLY_EXITS) {
      logger.fatal({ code, signal }, 'workers keep dying at start-up: stopping');
      process.exit(1);
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died: starting another');
    void fork();
  });

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: workers finish their requests');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exited = workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of workers) w.process.kill('SIGTERM');
    const timer = setTimeout(() => workers.forEach((w) => w.isDead() || w.process.kill('SIGKILL')), STOP_TIMEOUT_MS);
    await Promise.all(exited);
    clearTimeout(timer);
    // The background jobs the primary runs (SQLite and PostgreSQL alike) stop last.
    await opts.onStop?.().catch((err: unknown) => logger.error({ err }, 'stopping the jobs failed'));
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop());

  for (let i = 0; i < opts.workers && !stopping; i++) await fork();
  logger.info({ workers: opts.workers }, 'all workers started');
}
