import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { newId } from '../../shared/ids.js';
import type { Enqueued, JobHandler, JobKind, JobRunRecord, JobRunRepository, KindSpec } from './jobs.types.js';

const PROGRESS_EVERY_MS = 1000;

/** What both queues share: the job_runs row written on enqueue, and kept while a handler runs. */
export class JobRunner {
  constructor(
    readonly d: { repo: JobRunRepository; clock: Clock; logger: Logger; specs: Record<JobKind, KindSpec> },
  ) {}

  spec(kind: JobKind): KindSpec {
    return this.d.specs[kind];
  }

  /** The row of a new job, or the queued/running one of a singleton kind. */
  async record(kind: JobKind, data: Record<string, unknown>, requestedBy: string | null): Promise<Enqueued> {
    const spec = this.spec(kind);
    const singletonKey = spec.singleton ? kind : null;
    for (let tries = 0; tries < 3; tries++) {
      const run = await this.d.repo.insert({ id: newId(), kind, singletonKey, data, maxAttempts: spec.maxAttempts, requestedBy, runAfter: this.d.clock.now() });
      if (run) return { run, created: true };
      const active = singletonKey && (await this.d.repo.findActive(singletonKey));
      // The holder may have finished between the insert and the read: try again.
      if (active) return { run: active, created: false };
    }
    throw new Error(`Could not queue a ${kind} job`);
  }

  /**
   * A running job whose process stops before it ends: queued again when it has attempts left
   * (the next process to work jobs runs it), else interrupted.
   */
  async abandon(id: string, reason: string): Promise<void> {
    const row = await this.d.repo.find(id);
    if (row?.status !== 'running') return;
    const retried = row.attempts < row.maxAttempts;
    await this.d.repo.finish(id, {
      status: retried ? 'queued' : 'interrupted',
      error: `${reason}${retried ? '; it will be run again' : ''}`,
      finishedAt: retried ? null : this.d.clock.now(),
      ...(retried && { runAfter: this.d.clock.now() }),
    });
  }

  /**
   * Runs the handler for a row already marked running; records progress, then the result, a
   * retry (queued again after the delay, doubled per attempt) or the failure. Throws the
   * handler's error when a retry is left, so pg-boss schedules it too.
   */
  async execute(run: JobRunRecord, handler: JobHandler): Promise<'succeeded' | 'retry' | 'failed'> {
    let lastProgress = 0;
    let pending: Promise<void> = Promise.resolve();
    const ctx = {
      id: run.id,
      attempt: run.attempts,
      progress: (p: Record<string, unknown>) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        pending = pending.then(() => this.d.repo.progress(run.id, p)).catch((err: unknown) => this.d.logger.warn({ err, job: run.id }, 'job progress not recorded'));
      },
    };
    try {
      const result = await handler(run.data, ctx);
      await pending;
      const data = run.kind === 'mail.send' ? { to: run.data.to } : undefined;
      await this.d.repo.finish(run.id, { status: 'succeeded', result, error: null, finishedAt: this.d.clock.now(), ...(data && { data }) });
      this.d.logger.info({ job: run.id, kind: run.kind }, 'job succeeded');
      return 'succeeded';
    } catch (err) {
      await pending;
      const message = err instanceof Error ? err.message : String(err);
      const spec = this.spec(run.kind);
      if (run.attempts < run.maxAttempts) {
        const delayMs = spec.retryDelaySeconds * 1000 * 2 ** (run.attempts - 1);
        await this.d.repo.finish(run.id, { status: 'queued', error: message, runAfter: new Date(this.d.clock.now().getTime() + delayMs), finishedAt: null });
        this.d.logger.warn({ job: run.id, kind: run.kind, attempt: run.attempts, err: message }, 'job failed; it will be retried');
        return 'retry';
      }
      const data = run.kind === 'mail.send' ? { to: run.data.to } : undefined;
      await this.d.repo.finish(run.id, { status: 'failed', error: message, finishedAt: this.d.clock.now(), ...(data && { data }) });
      this.d.logger.error({ job: run.id, kind: run.kind, attempts: run.attempts, err: message }, 'job failed');
      return 'failed';
    }
  }
}
