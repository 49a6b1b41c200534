import { Router, type Request, type RequestHandler } from 'express';
import { queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { requireRole } from '../../shared/actor.js';
import { InvalidError, TooLargeError } from '../../shared/errors.js';
import type { ImageOwner, MediaService } from './media.service.js';
import { sendStoredFile, storedSource } from './send-file.js';
import { readTrackForm, trackFieldsToOverrides } from './upload-form.js';
import { imageUrl } from '../../shared/image-url.js';

/** Multipart framing around the file: a body this much over the file limit cannot fit. */
const MULTIPART_SLACK = 1024 * 1024;

const declaredLength = (req: Request): number | null => {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && req.headers['content-length'] !== undefined ? n : null;
};

export interface MediaRoutesDeps {
  media: MediaService;
  /** MAX_UPLOAD_BYTES and MAX_IMAGE_BYTES: larger bodies are refused before they are read. */
  limits: { maxUploadBytes: number; maxImageBytes: number };
}

export function mediaRoutes({ media, limits }: MediaRoutesDeps): Router {
  const r = Router();

  r.post('/api/tracks', async (req, res) => {
    const actor = actorOf(req);
    media.assertMayUpload(actor);
    const length = declaredLength(req);
    if (length !== null && length > limits.maxUploadBytes + MULTIPART_SLACK) {
      res.setHeader('Connection', 'close');
      throw new TooLargeError(`The upload is larger than the limit of ${limits.maxUploadBytes / (1024 * 1024)} MB`);
    }
    const form = await readTrackForm(req, (s) => media.receive(s, limits.maxUploadBytes), (u) => media.discard(u));
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

  // GET|HEAD /api/tracks/{trackId}/stream is not here: it is the fast path in src/http/stream-edge.

  r.post('/api/tracks/:trackId/stream-url', async (req, res) => {
    const { format, bitrate } = queryOf(req, 'createStreamUrl');
    res.json(await media.createStreamUrl(actorOf(req), String(req.params.trackId), { format, bitrate }));
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
      if (length !== null && length > limits.maxImageBytes) {
        res.setHeader('Connection', 'close');
        throw new TooLargeError(`The image is larger than the limit of ${limits.maxImageBytes / (1024 * 1024)} MB`);
      }
      const upload = await media.receive(req, limits.maxImageBytes);
      const file = await media.setImage(actor, owner, upload);
      res.setHeader('ETag', file.etag);
      res.json({ url: imageUrl(file.key), mimeType: file.mimeType, sizeBytes: file.sizeBytes });
    });
  }
  return r;
}
