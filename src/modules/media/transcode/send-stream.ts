import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../../../shared/actor.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { MediaService, StoredFile } from '../media.service.js';
import { sendStoredFile, type FileSource } from '../send-file.js';
import { ENCODINGS, type StreamPlan, type StreamWish } from './formats.js';
import type { CachedEncode } from './transcode-cache.js';

const CACHE_CONTROL = 'private, max-age=86400';

export interface TrackStreamOptions extends StreamWish {
  actor: Actor;
  trackId: string;
  /**
   * Subsonic's estimateContentLength: a stream still being encoded gets its estimated length as
   * Content-Length (the body is cut or padded to it). Otherwise it goes chunked, with the
   * estimate in X-Estimated-Content-Length.
   */
  estimateContentLength?: boolean;
}

type Transcode = Extract<StreamPlan, { kind: 'transcode' }>;

/**
 * A track's audio for any door (the API's stream route, the Subsonic door's stream and download):
 * the actor's access as MediaService decides it, then the stored file (with ranges and validators)
 * or an encode of it (see sendTranscode).
 */
export async function sendTrackStream(media: MediaService, req: IncomingMessage, res: ServerResponse, o: TrackStreamOptions): Promise<void> {
  const file = await media.trackAudio(o.actor, o.trackId);
  const plan = await media.streamPlan(file, o);
  if (plan.kind === 'transcode') return sendTranscode(media, req, res, file, plan, o.estimateContentLength ?? false);
  await sendStoredFile(req, res, file, media.audioSource(o.actor, o.trackId, file), CACHE_CONTROL);
}

/**
 * An encode of trackAudio's answer. A finished one is sent like a stored file: ranges, ETag,
 * exact length. The first play streams as ffmpeg writes it: 200 without ranges
 * (`Accept-Ranges: none`) and without a length (it is not known yet). Either way
 * X-Content-Duration gives the seconds it plays, as Navidrome sends it.
 */
export async function sendTranscode(media: MediaService, req: IncomingMessage, res: ServerResponse, file: StoredFile, plan: Transcode, estimateLength: boolean): Promise<void> {
  const transcoder = media.transcoder;
  if (!transcoder) throw new NotFoundError('Audio');
  const spec = ENCODINGS[plan.encoding];
  const seconds = Math.max(0, (file.durationMs ?? 0) / 1000 - plan.offsetSeconds);
  const estimate = Math.ceil((seconds * plan.kbps * 1000) / 8);
  res.setHeader('X-Content-Duration', seconds.toFixed(2));
  const input = media.transcodeInput(file);
  let opened = req.method === 'HEAD' ? await transcoder.cached(input, plan) : await transcoder.open(input, plan);
  if (opened?.kind === 'cached') {
    const stored: StoredFile = { key: opened.name, mimeType: spec.mimeType, sizeBytes: opened.file.sizeBytes, modifiedAt: opened.file.modifiedAt, etag: `"${opened.name}"` };
    try {
      return await sendStoredFile(req, res, stored, cachedSource(opened.file), CACHE_CONTROL);
    } catch (err) {
      // Evicted by another process since this one looked: nothing is sent yet, so encode again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || res.headersSent) throw err;
      transcoder.forget(opened.name);
      opened = req.method === 'HEAD' ? null : await transcoder.open(input, plan);
    }
  }
  if (opened?.kind === 'cached') throw new NotFoundError('Audio');
  res.statusCode = 200;
  res.setHeader('Content-Type', spec.mimeType);
  res.setHeader('Accept-Ranges', 'none');
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (estimateLength) res.setHeader('Content-Length', String(estimate));
  else res.setHeader('X-Estimated-Content-Length', String(estimate));
  if (!opened) {
    res.end();
    return;
  }
  const body: Readable = opened.body;
  try {
    await (estimateLength ? pipeline(body, exactly(estimate), res) : pipeline(body, res));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The listener went away (skipped, closed the app): the pipeline has ended the encode's reader.
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE') return;
    req.log?.error({ err }, 'transcoded stream failed');
    res.destroy();
  }
}

function cachedSource(file: CachedEncode): FileSource {
  return {
    open: () => new Promise((resolve, reject) => fs.open(file.path, 'r', (err, fd) => (err ? reject(err) : resolve({ fd })))),
    check: async () => {
      await fs.promises.stat(file.path);
    },
  };
}

/** Cuts a stream at `length` bytes, or pads it with zeros up to it: the length promised in Content-Length. */
function exactly(length: number): Transform {
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const room = length - sent;
      if (room <= 0) return cb();
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sent += part.length;
      cb(null, part);
    },
    flush(cb) {
      cb(null, sent < length ? Buffer.alloc(length - sent) : undefined);
    },
  });
}
