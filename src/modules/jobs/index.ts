export { JobsService } from './jobs.service.js';
export { SequelizeJobRunRepository } from './job-run.repository.js';
export { openQueue, kindSpecs, type QueueSettings } from './open-queue.js';
export { jobHandlers, type JobPorts } from './handlers.js';
export { QueuedMailer } from './queued-mailer.js';
export { toRecommendationJobDto } from './job.mapper.js';
export { nextRun } from './schedule.js';
export { JOB_KINDS, type JobKind, type JobQueue, type JobHandlers, type JobRunRecord, type JobStatus, type Enqueued, type Schedules, type KindSpec } from './jobs.types.js';
