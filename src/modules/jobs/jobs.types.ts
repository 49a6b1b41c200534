export const JOB_KINDS = ['recommendations.run', 'imports.scan', 'transcode.warm', 'mail.send'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** queued (also between retries), running, then succeeded, failed, or interrupted (its process stopped). */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface JobRunRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  singletonKey: string | null;
  data: Record<string, unknown>;
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  requestedBy: string | null;
  runAfter: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

/** How each kind is run: attempts (first try plus retries), the wait before a retry (doubled each time), and how long one attempt may take. */
export interface KindSpec {
  maxAttempts: number;
  retryDelaySeconds: number;
  /** At most one queued or running job of the kind. */
  singleton: boolean;
  expireSeconds: number;
}

export interface JobContext {
  id: string;
  attempt: number;
  /** Recorded on the job's row, at most about once a second. */
  progress(p: Record<string, unknown>): void;
}

/** Does the job's work; what it returns is the job's result. Must be safe to run again (retries, redelivery). */
export type JobHandler = (data: Record<string, unknown>, ctx: JobContext) => Promise<Record<string, unknown> | null>;
export type JobHandlers = Record<JobKind, JobHandler>;

/** Cron expressions of the kinds queued on a schedule, with no data (the defaults). */
export type Schedules = Partial<Record<JobKind, string>>;

export interface Enqueued {
  run: JobRunRecord;
  /** false when a singleton kind already had a queued or running job: `run` is that one. */
  created: boolean;
}

/** The queue port: pg-boss on PostgreSQL, the job_runs table worked in process on SQLite. */
export interface JobQueue {
  enqueue(kind: JobKind, data: Record<string, unknown>, opts?: { requestedBy?: string | null }): Promise<Enqueued>;
  /** Starts running jobs in this process (serve, worker), and queues the scheduled kinds when their cron (UTC) fires. */
  work(handlers: JobHandlers, opts: { schedules: Schedules }): Promise<void>;
  /** Stops taking jobs and waits a while for running ones; idempotent. */
  stop(): Promise<void>;
}

export interface JobRunRepository {
  /** Inserts a queued row; null when the singleton key is taken by a queued or running row. */
  insert(row: Omit<JobRunRecord, 'createdAt' | 'status' | 'progress' | 'result' | 'error' | 'attempts' | 'startedAt' | 'finishedAt'>): Promise<JobRunRecord | null>;
  find(id: string): Promise<JobRunRecord | null>;
  findActive(singletonKey: string): Promise<JobRunRecord | null>;
  list(kind: JobKind, opts: { limit: number; before?: { createdAt: Date; id: string } }): Promise<JobRunRecord[]>;
  /** Takes the oldest due queued job of the kind for this process; null when none (or another process took it). */
  claim(kind: JobKind, now: Date): Promise<JobRunRecord | null>;
  /** Marks a delivered job running (pg-boss); null when it is already finished. */
  begin(id: string, now: Date): Promise<JobRunRecord | null>;
  heartbeat(ids: string[], now: Date): Promise<void>;
  progress(id: string, progress: Record<string, unknown>): Promise<void>;
  finish(id: string, patch: { status: JobStatus; result?: Record<string, unknown> | null; error?: string | null; data?: Record<string, unknown>; runAfter?: Date; finishedAt: Date | null }): Promise<void>;
  /** Running jobs whose process stopped beating: queued again with attempts left, else interrupted; their ids. */
  interruptStale(olderThan: Date, now: Date): Promise<string[]>;
}
