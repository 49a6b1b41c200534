import type { Logger } from '../../shared/logger.js';
import { JOB_KINDS, type Enqueued, type JobHandlers, type JobKind, type JobQueue, type Schedules } from './jobs.types.js';
import type { JobRunner } from './job-runner.js';
import { nextRun } from './schedule.js';

export interface InProcessOptions {
  /** How often the table is looked at for due jobs (retries, jobs queued by another process). */
  pollMs?: number;
  heartbeatMs?: number;
  /** How long stop() waits for running jobs before marking them interrupted. */
  graceMs?: number;
}

/**
 * SQLite's queue: the job_runs table, worked by the processes that run jobs (serve, worker).
 * Each kind runs one job at a time per process; a job queued here starts at once, one queued by
 * another process (`recommend run --queue`) within a poll. A running job's row beats every
 * heartbeatMs; one whose beat stopped (its process died) is queued again while it has attempts
 * left, else marked interrupted.
 */
export class InProcessQueue implements JobQueue {
  private handlers: JobHandlers | null = null;
  private readonly draining = new Map<JobKind, Promise<void>>();
  private readonly running = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private stopping: Promise<void> | null = null;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly graceMs: number;

  constructor(
    private readonly runner: JobRunner,
    private readonly logger: Logger,
    opts: InProcessOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 2000;
    this.heartbeatMs = opts.heartbeatMs ?? 10_000;
    this.graceMs = opts.graceMs ?? 10_000;
  }

  async enqueue(kind: JobKind, data: Record<string, unknown>, opts: { requestedBy?: string | null } = {}): Promise<Enqueued> {
    const enqueued = await this.runner.record(kind, data, opts.requestedBy ?? null);
    if (enqueued.created) this.drain(kind);
    return enqueued;
  }

  async work(handlers: JobHandlers, opts: { schedules: Schedules }): Promise<void> {
    if (this.handlers) return;
    this.handlers = handlers;
    await this.sweep();
    this.timers.push(setInterval(() => JOB_KINDS.forEach((kind) => this.drain(kind)), this.pollMs).unref());
    // A run counts as stale after three missed beats, so looking for stale runs once a beat is enough.
    this.timers.push(setInterval(() => void this.beat().then(() => this.sweep()), this.heartbeatMs).unref());
    for (const [kind, cron] of Object.entries(opts.schedules)) this.arm(kind as JobKind, cron);
    for (const kind of JOB_KINDS) this.drain(kind);
  }

  /** Rows left running by a process that stopped beating are queued again, or interrupted without attempts left. */
  private async sweep(): Promise<void> {
    const now = this.runner.d.clock.now();
    const ids = await this.runner.d.repo.interruptStale(new Date(now.getTime() - 3 * this.heartbeatMs), now).catch((err: unknown) => {
      this.logger.warn({ err }, 'jobs: stale runs not checked');
      return [];
    });
    if (ids.length) this.logger.warn({ jobs: ids }, 'jobs of a stopped process queued again or marked interrupted');
  }

  private async beat(): Promise<void> {
    await this.runner.d.repo.heartbeat([...this.running], this.runner.d.clock.now()).catch((err: unknown) => this.logger.warn({ err }, 'jobs: heartbeat not recorded'));
  }

  private arm(kind: JobKind, cron: string): void {
    if (this.stopping) return;
    const at = nextRun(cron, this.runner.d.clock.now());
    // setTimeout holds at most ~24.8 days; a later run is re-armed on the way.
    const wait = Math.min(at.getTime() - this.runner.d.clock.now().getTime(), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      if (this.runner.d.clock.now() >= at) {
        void this.enqueue(kind, {}).catch((err: unknown) => this.logger.error({ err, kind }, 'scheduled job not queued'));
      }
      this.arm(kind, cron);
    }, Math.max(wait, 0)).unref();
    this.timers.push(timer);
  }

  private drain(kind: JobKind): void {
    if (!this.handlers || this.stopping || this.draining.has(kind)) return;
    const handler = this.handlers[kind];
    const loop = (async () => {
      while (!this.stopping) {
        const run = await this.runner.d.repo.claim(kind, this.runner.d.clock.now());
        if (!run) return;
        this.running.add(run.id);
        try {
          await this.runner.execute(run, handler);
        } finally {
          this.running.delete(run.id);
        }
      }
    })()
      .catch((err: unknown) => this.logger.error({ err, kind }, 'jobs: queue not worked'))
      .finally(() => this.draining.delete(kind));
    this.draining.set(kind, loop);
  }

  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      for (const t of this.timers) clearTimeout(t);
      const all = Promise.all(this.draining.values());
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([all.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.graceMs)))]);
      clearTimeout(timer);
      if (!waited && this.running.size) {
        for (const id of this.running) await this.runner.abandon(id, 'The process stopped before the job finished');
        this.logger.warn({ jobs: [...this.running] }, 'jobs left unfinished by shutdown');
      }
    })());
  }
}
