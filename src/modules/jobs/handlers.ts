import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SYSTEM } from '../../shared/actor.js';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Mail, Mailer } from '../../shared/mailer.js';
import type { MediaService, StreamFormat } from '../media/index.js';
import type { ImportService } from '../imports/index.js';
import type { ModelName, RecommendationService } from '../recommendations/index.js';
import type { JobHandlers, JobKind } from './jobs.types.js';

/** The few calls each job makes into the other modules (the container passes their services). */
export interface JobPorts {
  recommendations: Pick<RecommendationService, 'run'>;
  imports: Pick<ImportService, 'run'>;
  media: Pick<MediaService, 'trackAudio' | 'streamPlan' | 'transcodeInput' | 'transcoder'>;
  /** The transport: SMTP, or the outbox folder. */
  mailer: Mailer;
  libraryDirs: string[];
  /** The encoding new tracks are warmed in; null: no warming. */
  warmFormat: string | null;
  enqueue(kind: JobKind, data: Record<string, unknown>): Promise<unknown>;
  logger: Logger;
}

const drain = () => new Writable({ write: (_chunk, _enc, cb) => cb() });

/** Each job kind's work. All of them may run again for the same job and end the same way. */
export function jobHandlers(p: JobPorts): JobHandlers {
  const warmNew = async (trackIds: string[]) => {
    if (p.warmFormat && trackIds.length) await p.enqueue('transcode.warm', { trackIds });
  };
  return {
    // A run replaces the stored lists as a whole: running it again gives the same outputs.
    'recommendations.run': async (data, ctx) => {
      const summary = await p.recommendations.run(SYSTEM, {
        ...(typeof data.model === 'string' && { model: data.model as ModelName }),
        ...(typeof data.top === 'number' && { top: data.top }),
        onProgress: (phase, done, total) => ctx.progress({ phase, done, total }),
      });
      return { ...summary };
    },
    // The import is idempotent: files already in the catalog are only noted as present.
    'imports.scan': async (data, ctx) => {
      const paths = Array.isArray(data.paths) && data.paths.length ? (data.paths as string[]) : p.libraryDirs;
      if (!paths.length) throw new InvalidError('No library folders to scan: set LIBRARY_DIRS', [{ path: 'LIBRARY_DIRS', message: 'is not set' }]);
      const report = await p.imports.run(SYSTEM, { paths }, { onFile: (_o, done) => ctx.progress({ files: done }) });
      await warmNew(report.files.flatMap((f) => (f.status === 'imported' ? [f.trackId] : [])));
      return { ...report.summary };
    },
    // An encode already in the cache is skipped, so a repeated job only checks.
    'transcode.warm': async (data, ctx) => {
      const format = typeof data.format === 'string' ? data.format : p.warmFormat;
      const transcoder = p.media.transcoder;
      if (!format || !transcoder || !(await transcoder.available())) return { skipped: 'ffmpeg is not available' };
      const ids = (data.trackIds as string[]) ?? [];
      const counts = { encoded: 0, cached: 0, original: 0, missing: 0 };
      for (const [i, id] of ids.entries()) {
        const file = await p.media.trackAudio(SYSTEM, id).catch((err: unknown) => {
          if (err instanceof NotFoundError) return null;
          throw err;
        });
        if (!file) counts.missing++;
        else {
          const plan = await p.media.streamPlan(file, { format: format as StreamFormat });
          if (plan.kind === 'original') counts.original++;
          else {
            const input = p.media.transcodeInput(file);
            const job = { encoding: plan.encoding, kbps: plan.kbps, offsetSeconds: 0 };
            if (await transcoder.cached(input, job)) counts.cached++;
            else {
              const out = await transcoder.open(input, job);
              // The encode is kept in the cache once ffmpeg finishes; reading it to the end waits for that.
              if (out.kind === 'live') await pipeline(out.body, drain());
              counts.encoded++;
            }
          }
        }
        ctx.progress({ done: i + 1, total: ids.length });
      }
      return { format, ...counts };
    },
    // At least once: a worker that dies between the send and the row's update sends it again.
    'mail.send': async (data) => {
      await p.mailer.send({ to: String(data.to), subject: String(data.subject), text: String(data.text) } satisfies Mail);
      return null;
    },
  };
}
