import type PgBoss from 'pg-boss';
import type { Logger } from '../../shared/logger.js';
import { JOB_KINDS, type Enqueued, type JobHandlers, type JobKind, type JobQueue, type Schedules } from './jobs.types.js';
import type { JobRunner } from './job-runner.js';

/** The queue a kind's schedule sends to; its worker queues the job as any other request does (singletons stay single). */
const scheduleQueue = (kind: JobKind) => `${kind}.schedule`;

/** pg_advisory_lock key held while a process starts pg-boss and creates its queues. */
const START_LOCK = 0x72686a62;

/** How long a row may wait for its pg-boss job before it counts as lost. */
const SEND_GRACE_MS = 60_000;

export interface PgBossOptions {
  connectionString: string;
  /** How often an idle worker asks for jobs (pg-boss: at least 0.5). */
  pollingIntervalSeconds?: number;
  /** How long stop() waits for running jobs; then pg-boss fails them, and retries those with attempts left. */
  graceMs?: number;
}

/**
 * PostgreSQL's queue: pg-boss (schema `pgboss` in the same database) delivers each job to one
 * worker on any host, retries it with backoff, and keeps it across restarts; the job's payload
 * is only its job_runs id, the row holding data, progress and result. pg-boss loads on first use.
 */
export class PgBossQueue implements JobQueue {
  private boss: Promise<PgBoss> | null = null;
  /** Whether the boss running now was started to work (maintenance and cron on), not only to send. */
  private supervised = false;
  private working = false;
  /** Jobs whose handler runs in this process, by id. */
  private readonly active = new Map<string, JobKind>();
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly runner: JobRunner,
    private readonly logger: Logger,
    private readonly opts: PgBossOptions,
  ) {}

  private started(): Promise<PgBoss> {
    // Only processes that work jobs run pg-boss's maintenance and cron; API hosts just send.
    const supervise = this.working;
    return (this.boss ??= (async () => {
      this.supervised = supervise;
      const { default: PgBossClass } = await import('pg-boss');
      const boss = new PgBossClass({
        connectionString: this.opts.connectionString,
        application_name: 'rhythmo-jobs',
        max: 4,
        supervise,
        schedule: supervise,
      });
      boss.on('error', (err) => this.logger.error({ err }, 'pg-boss error'));
      // Hosts started together each install pg-boss's schema and create its queues (a partition
      // table per queue): done at once they deadlock, so they take turns under an advisory lock.
      await this.oneAtATime(async () => {
        await boss.start();
        for (const name of [...JOB_KINDS, ...JOB_KINDS.map(scheduleQueue)]) {
          if (!(await boss.getQueue(name))) await boss.createQueue(name);
        }
      });
      return boss;
    })());
  }

  private async oneAtATime(fn: () => Promise<void>): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: this.opts.connectionString, application_name: 'rhythmo-jobs-start' });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [START_LOCK]);
      await fn();
    } finally {
      // Ending the session releases its lock.
      await client.end();
    }
  }

  async enqueue(kind: JobKind, data: Record<string, unknown>, opts: { requestedBy?: string | null } = {}): Promise<Enqueued> {
    let enqueued = await this.runner.record(kind, data, opts.requestedBy ?? null);
    if (!enqueued.created && (await this.lost(enqueued.run.id, kind))) enqueued = await this.runner.record(kind, data, opts.requestedBy ?? null);
    if (!enqueued.created) return enqueued;
    const spec = this.runner.spec(kind);
    try {
      const boss = await this.started();
      await boss.send(kind, { runId: enqueued.run.id }, {
        id: enqueued.run.id,
        retryLimit: spec.maxAttempts - 1,
        retryDelay: spec.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: spec.expireSeconds,
      });
    } catch (err) {
      await this.runner.d.repo.finish(enqueued.run.id, { status: 'failed', error: `not queued: ${(err as Error).message}`, finishedAt: this.runner.d.clock.now() });
      throw err;
    }
    return enqueued;
  }

  /**
   * Whether a queued/running row's pg-boss job has ended without the row saying so (its worker
   * died on the last attempt): the row is marked interrupted, and frees its singleton key.
   */
  private async lost(id: string, kind: JobKind): Promise<boolean> {
    const boss = await this.started();
    const job = await boss.getJobById(kind, id, { includeArchive: true });
    if (job && ['created', 'retry', 'active'].includes(job.state)) return false;
    const row = await this.runner.d.repo.find(id);
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return false;
    // No job yet may only mean its enqueue is between the row and the send.
    if (!job && this.runner.d.clock.now().getTime() - row.createdAt.getTime() < SEND_GRACE_MS) return false;
    await this.runner.d.repo.finish(id, { status: 'interrupted', error: 'The job ended in the queue without finishing', finishedAt: this.runner.d.clock.now() });
    return true;
  }

  async work(handlers: JobHandlers, opts: { schedules: Schedules }): Promise<void> {
    if (this.working) return;
    this.working = true;
    // A process that sent before it worked started a boss without maintenance and cron: start it again.
    if (this.boss && !this.supervised) {
      const sender = await this.boss;
      this.boss = null;
      await sender.stop({ graceful: false, wait: true });
    }
    const boss = await this.started();
    const pollingIntervalSeconds = this.opts.pollingIntervalSeconds ?? 2;
    for (const kind of JOB_KINDS) {
      await boss.work<{ runId: string }>(kind, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        const run = await this.runner.d.repo.begin(job.data.runId, this.runner.d.clock.now());
        // Finished already: a redelivery after the worker died between the row and pg-boss.
        if (!run) return;
        this.active.set(run.id, kind);
        const outcome = await this.runner.execute(run, handlers[kind]).finally(() => this.active.delete(run.id));
        // pg-boss keeps its own count of retries; it retries when the handler throws.
        if (outcome === 'retry') throw new Error(`${kind} failed; retrying`);
      });
    }
    for (const kind of JOB_KINDS) {
      const cron = opts.schedules[kind];
      // A schedule removed from the settings ends with the next start of a worker.
      if (!cron) {
        await boss.unschedule(scheduleQueue(kind));
        continue;
      }
      await boss.schedule(scheduleQueue(kind), cron, {}, { tz: 'UTC' });
      await boss.work(scheduleQueue(kind), { pollingIntervalSeconds }, async () => {
        await this.enqueue(kind, {});
      });
    }
  }

  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      if (!this.boss) return;
      const boss = await this.boss;
      // pg-boss fails the jobs still running when the grace ends, and retries those with attempts left.
      await boss.stop({ graceful: true, wait: true, timeout: this.opts.graceMs ?? 10_000 });
      for (const id of this.active.keys()) await this.runner.abandon(id, 'The worker stopped before the job finished');
    })());
  }
}
