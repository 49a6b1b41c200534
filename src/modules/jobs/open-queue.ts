import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { InProcessQueue, type InProcessOptions } from './in-process-queue.js';
import { JobRunner } from './job-runner.js';
import { PgBossQueue } from './pg-boss-queue.js';
import type { JobKind, JobQueue, JobRunRepository, KindSpec } from './jobs.types.js';

const HOUR = 3600;

/** Attempts, retry delays and time bounds per kind; mail retries come from MAIL_RETRIES. */
export function kindSpecs(mailRetries: number): Record<JobKind, KindSpec> {
  return {
    // A run that died with its worker is run again once (after pg-boss sees it expire).
    'recommendations.run': { maxAttempts: 2, retryDelaySeconds: 60, singleton: true, expireSeconds: 6 * HOUR },
    'imports.scan': { maxAttempts: 2, retryDelaySeconds: 60, singleton: true, expireSeconds: 6 * HOUR },
    'transcode.warm': { maxAttempts: 3, retryDelaySeconds: 30, singleton: false, expireSeconds: HOUR },
    'mail.send': { maxAttempts: mailRetries + 1, retryDelaySeconds: 30, singleton: false, expireSeconds: 300 },
  };
}

export interface QueueSettings {
  dialect: 'sqlite' | 'postgres';
  /** PostgreSQL's connection string (pg-boss opens its own small pool). */
  url?: string;
  repo: JobRunRepository;
  clock: Clock;
  logger: Logger;
  specs: Record<JobKind, KindSpec>;
  /** Tests: faster polls and shorter waits. */
  pollMs?: number;
  graceMs?: number;
  inProcess?: InProcessOptions;
}

/** pg-boss on PostgreSQL; the job_runs table worked in process on SQLite. */
export function openQueue(s: QueueSettings): JobQueue {
  const runner = new JobRunner({ repo: s.repo, clock: s.clock, logger: s.logger, specs: s.specs });
  if (s.dialect === 'postgres') {
    return new PgBossQueue(runner, s.logger, { connectionString: s.url!, pollingIntervalSeconds: s.pollMs ? Math.max(0.5, s.pollMs / 1000) : undefined, graceMs: s.graceMs });
  }
  return new InProcessQueue(runner, s.logger, { pollMs: s.pollMs, graceMs: s.graceMs, ...s.inProcess });
}
