import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { StoreUnavailableError } from '../../shared/errors.js';
import { accelRedirect, accelReuseSeconds, sendStoredFile, sendTranscode, storeRedirect, type MediaService, type StreamFormat } from '../../modules/media/index.js';
import { checkStreamRequest } from './check-request.js';

export interface StreamTrackDeps {
  media: MediaService;
  /** STREAM_ACCEL_REDIRECT: nginx sends the file from this internal prefix; null: sent here. */
  accelRedirect: string | null;
  /** STREAM_ACCEL_CACHE_SECONDS: how long nginx may reuse the authorisation. */
  accelCacheSeconds: number;
  clock: Clock;
  /** The bearer token's actor and expiry; null without an Authorization header. */
  bearer(req: IncomingMessage): Promise<{ actor: Actor; expiresAt: number } | null>;
}

/** A bearer token that does not hold leaves the signed URL to try; a database that cannot answer ends the request. */
const keepUnavailable = (err: unknown): null => {
  if (err instanceof StoreUnavailableError) throw err;
  return null;
};

/**
 * `GET|HEAD /api/tracks/{trackId}/stream`: a bearer token or a signed URL, then the file.
 * An invalid bearer token does not end the request by itself: a signed URL may still hold, as
 * with the document's `security: [bearerAuth, {}]`; without one the answer is 401.
 */
export function streamTrackHandler({ media, accelRedirect: accel, accelCacheSeconds, clock, bearer }: StreamTrackDeps) {
  const cacheControl = 'private, max-age=86400';
  return async (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>): Promise<void> => {
    const { trackId, query } = checkStreamRequest(req, params);
    // (Without an Authorization header there is no bearer to try: no promise to wait for.)
    const fromBearer = req.headers.authorization ? await bearer(req).catch(keepUnavailable) : null;
    const actor = fromBearer?.actor ?? (await media.actorFromSignature(trackId, query));
    const file = await media.trackAudio(actor, trackId);
    if (query.format !== undefined || query.bitrate !== undefined) {
      const plan = await media.streamPlan(file, { format: query.format as StreamFormat | undefined, maxBitRateKbps: Number(query.bitrate ?? 0) });
      if (plan.kind === 'transcode') return sendTranscode(media, req, res, file, plan, false);
    }
    if (accel) {
      const expiresAt = fromBearer ? fromBearer.expiresAt : Number(query.expires);
      return accelRedirect(res, file, accel, cacheControl, accelReuseSeconds(accelCacheSeconds, expiresAt, clock.now().getTime()));
    }
    const redirect = media.audioRedirect(file);
    if (redirect) return storeRedirect(res, await redirect);
    await sendStoredFile(req, res, file, media.audioSource(actor, trackId, file), cacheControl);
  };
}
