import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type Request, type RequestHandler } from 'express';
import type { Container } from '../../container.js';
import type { Actor } from '../../shared/actor.js';
import { actorOf } from '../../http/request-context.js';
import { requireRole } from '../../shared/actor.js';
import { InvalidError, StoreUnavailableError, TooLargeError, type FieldError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { ImageOwner } from './media.service.js';
import { accelRedirect, accelReuseSeconds, sendStoredFile, storeRedirect, storedSource } from './send-file.js';
import { readTrackForm, trackFieldsToOverrides } from './upload-form.js';
import { imageUrl } from './image-url.js';
import { MAX_KBPS, MIN_KBPS, STREAM_FORMATS, type StreamFormat } from './transcode/formats.js';
import { sendTranscode } from './transcode/send-stream.js';

/** Multipart framing around the file: a body this much over the file limit cannot fit. */
const MULTIPART_SLACK = 1024 * 1024;

const declaredLength = (req: Request): number | null => {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && req.headers['content-length'] !== undefined ? n : null;
};

export function mediaRoutes({ services: { media }, config }: Container): Router {
  const r = Router();

  r.post('/api/tracks', async (req, res) => {
    const actor = actorOf(req);
    media.assertMayUpload(actor);
    const length = declaredLength(req);
    if (length !== null && length > config.maxUploadBytes + MULTIPART_SLACK) {
      res.setHeader('Connection', 'close');
      throw new TooLargeError(`The upload is larger than the limit of ${config.maxUploadBytes / (1024 * 1024)} MB`);
    }
    const form = await readTrackForm(req, (s) => media.receive(s, config.maxUploadBytes), (u) => media.discard(u));
    if (!form.upload) throw new InvalidError('The audio file is missing', [{ path: 'body.file', message: 'is required' }]);
    let overrides;
    try {
      overrides = trackFieldsToOverrides(form.fields);
    } catch (err) {
      await media.discard(form.upload);
      throw err;
    }
    res.status(201).json(await media.uploadTrack(actor, form.upload, overrides, form.filename));
  });

  // GET|HEAD /api/tracks/{trackId}/stream is not here: the app mounts streamTrackHandler on its lean edge.

  r.post('/api/tracks/:trackId/stream-url', async (req, res) => {
    const { format, bitrate } = req.query as { format?: StreamFormat; bitrate?: string };
    res.json(await media.createStreamUrl(actorOf(req), String(req.params.trackId), { format, bitrate: bitrate === undefined ? undefined : Number(bitrate) }));
  });

  // No bearer header: `<img src>` cannot send one. The name is the content hash, so the bytes
  // behind a URL never change and any cache may keep them for good (image-url.ts).
  r.get('/api/images/:name', async (req, res) => {
    const file = await media.imageByName(String(req.params.name));
    await sendStoredFile(req, res, file, storedSource(media, file), 'public, max-age=31536000, immutable');
  });

  const images: [string, (req: Request) => ImageOwner][] = [
    ['/api/artists/:artistId/photo', (req) => ({ kind: 'artist', id: String(req.params.artistId) })],
    ['/api/albums/:albumId/cover', (req) => ({ kind: 'album', id: String(req.params.albumId) })],
    ['/api/tracks/:trackId/cover', (req) => ({ kind: 'track', id: String(req.params.trackId) })],
    ['/api/playlists/:playlistId/cover', (req) => ({ kind: 'playlist', id: String(req.params.playlistId) })],
  ];
  for (const [path, ownerOf] of images) {
    const get: RequestHandler = async (req, res) => {
      const file = await media.image(actorOf(req), ownerOf(req));
      // The URL names the owner, not the picture, so caches must check back; the ETag makes that cheap.
      await sendStoredFile(req, res, file, storedSource(media, file), 'private, no-cache');
    };
    r.get(path, get);
    r.put(path, async (req, res) => {
      const actor = actorOf(req);
      const owner = ownerOf(req);
      if (owner.kind !== 'playlist') requireRole(actor, 'artist', 'admin');
      const length = declaredLength(req);
      if (length !== null && length > config.maxImageBytes) {
        res.setHeader('Connection', 'close');
        throw new TooLargeError(`The image is larger than the limit of ${config.maxImageBytes / (1024 * 1024)} MB`);
      }
      const upload = await media.receive(req, config.maxImageBytes);
      const file = await media.setImage(actor, owner, upload);
      res.setHeader('ETag', file.etag);
      res.json({ url: imageUrl(file.key), mimeType: file.mimeType, sizeBytes: file.sizeBytes });
    });
  }
  return r;
}

/** The stream operation's query parameters in the OpenAPI document (openapi/paths/media.yaml). */
export const STREAM_QUERY = ['format', 'bitrate', 'u', 'expires', 'sig'] as const;
/** Its header parameters and their maxLength. */
export const STREAM_HEADERS = { range: 1000, 'if-range': 200, 'if-none-match': 2000 } as const;

type StreamQuery = Partial<Record<(typeof STREAM_QUERY)[number], string>>;
const HEADER_LIMITS = Object.entries(STREAM_HEADERS);

/**
 * A query string's name/value pairs, as URLSearchParams reads them. Without `%` or `+` there is
 * nothing to decode, and splitting by hand is a fraction of URLSearchParams' cost: a signed
 * stream URL (a UUID, digits and base64url) is always such a query.
 */
function queryPairs(query: string): Iterable<[string, string]> {
  if (query.includes('%') || query.includes('+')) return new URLSearchParams(query);
  const pairs: [string, string][] = [];
  // URLSearchParams drops one leading '?'.
  for (const part of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * What the OpenAPI validator checks for `GET|HEAD /api/tracks/{trackId}/stream`, by hand, since
 * that route runs ahead of the validator: the path id is a UUID, the query holds only the signed
 * URL's parameters (each once, in their formats), and the headers keep their length limits.
 * A test holds these lists to the document.
 */
export function checkStreamRequest(req: IncomingMessage, params: Record<string, string | undefined>): { trackId: string; query: StreamQuery } {
  const errors: FieldError[] = [];
  const trackId = String(params.trackId);
  if (!isUuid(trackId)) errors.push({ path: 'params.trackId', message: 'must match format "uuid"' });
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const query: StreamQuery = {};
  for (const [name, value] of queryPairs(q < 0 ? '' : url.slice(q + 1))) {
    if (!(STREAM_QUERY as readonly string[]).includes(name)) errors.push({ path: `query.${name}`, message: 'Unknown query parameter' });
    else if (query[name as keyof StreamQuery] !== undefined) errors.push({ path: `query.${name}`, message: 'must be given once' });
    else query[name as keyof StreamQuery] = value;
  }
  if (query.u !== undefined && !isUuid(query.u)) errors.push({ path: 'query.u', message: 'must match format "uuid"' });
  if (query.expires !== undefined && !/^\d{1,15}$/.test(query.expires)) errors.push({ path: 'query.expires', message: 'must be integer' });
  if (query.sig !== undefined && query.sig.length > 100) errors.push({ path: 'query.sig', message: 'must NOT have more than 100 characters' });
  if (query.format !== undefined && !(STREAM_FORMATS as readonly string[]).includes(query.format)) errors.push({ path: 'query.format', message: `must be equal to one of the allowed values: ${STREAM_FORMATS.join(', ')}` });
  if (query.bitrate !== undefined && !(/^\d{2,3}$/.test(query.bitrate) && Number(query.bitrate) >= MIN_KBPS && Number(query.bitrate) <= MAX_KBPS)) errors.push({ path: 'query.bitrate', message: `must be an integer from ${MIN_KBPS} to ${MAX_KBPS}` });
  for (const [name, max] of HEADER_LIMITS) {
    const value = req.headers[name];
    if (typeof value === 'string' && value.length > max) errors.push({ path: `headers.${name}`, message: `must NOT have more than ${max} characters` });
  }
  if (errors.length) throw new InvalidError(`request/${errors[0]!.path.replace('.', '/')} ${errors[0]!.message}`, errors);
  return { trackId, query };
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
export function streamTrackHandler(
  { services: { media }, config, clock }: Container,
  bearer: (req: IncomingMessage) => Promise<{ actor: Actor; expiresAt: number } | null>,
) {
  const accel = config.streamAccelRedirect;
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
      return accelRedirect(res, file, accel, cacheControl, accelReuseSeconds(config.streamAccelCacheSeconds, expiresAt, clock.now().getTime()));
    }
    const redirect = media.audioRedirect(file);
    if (redirect) return storeRedirect(res, await redirect);
    await sendStoredFile(req, res, file, media.audioSource(actor, trackId, file), cacheControl);
  };
}
