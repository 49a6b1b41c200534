import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { InvalidError, TooLargeError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { TempUpload } from './media.service.js';
import type { IngestOverrides } from './media.types.js';
import { NAME_MAX } from '../catalog/index.js';

export interface TrackForm {
  upload?: TempUpload;
  filename?: string;
  fields: Map<string, string[]>;
}

const FIELDS = new Set(['title', 'artistIds', 'albumId', 'genres', 'trackNumber', 'discNumber', 'releaseDate']);

/**
 * Reads a multipart upload: the `file` part streams through `receive` (to a temp file, hashed,
 * size-capped) while the text fields are collected. Nothing is held whole in memory. On any
 * failure the temp file is discarded before the error surfaces.
 */
export function readTrackForm(
  req: IncomingMessage,
  receive: (stream: Readable) => Promise<TempUpload>,
  discard: (upload: TempUpload) => Promise<void>,
): Promise<TrackForm> {
  return new Promise<TrackForm>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fields: 50, fieldSize: 64 * 1024, files: 1, parts: 60 }, defParamCharset: 'utf8', preservePath: true });
    } catch {
      reject(new InvalidError('Expected a multipart/form-data body'));
      return;
    }
    const fields = new Map<string, string[]>();
    let filename: string | undefined;
    let receiving: Promise<TempUpload | undefined> = Promise.resolve(undefined);
    const problems: string[] = [];
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        problems.push(`unexpected file part "${name}"`);
        stream.resume();
        return;
      }
      filename = info.filename;
      receiving = receive(stream);
      // Settled later; keep an early rejection from being reported as unhandled.
      receiving.catch(() => undefined);
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) problems.push(`field "${name}" is too long`);
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    bb.on('filesLimit', () => problems.push('only one file may be sent'));
    bb.on('fieldsLimit', () => problems.push('too many fields'));
    bb.on('partsLimit', () => problems.push('too many parts'));
    const fail = (err: unknown) => {
      void receiving.then((u) => u && discard(u), () => undefined).finally(() => reject(err));
    };
    bb.on('error', (err) => fail(err instanceof TooLargeError ? err : new InvalidError(`Malformed multipart body: ${(err as Error).message}`)));
    bb.on('close', () => {
      receiving.then(
        async (upload) => {
          if (problems.length) {
            if (upload) await discard(upload);
            reject(new InvalidError(`Invalid upload: ${problems.join('; ')}`));
            return;
          }
          resolve({ upload, filename, fields });
        },
        (err) => reject(err),
      );
    });
    req.on('error', (err) => bb.destroy(err));
    req.pipe(bb);
  });
}

const one = (fields: Map<string, string[]>, name: string, errors: { path: string; message: string }[]): string | undefined => {
  const values = fields.get(name);
  if (!values) return undefined;
  if (values.length > 1) errors.push({ path: `body.${name}`, message: 'must be given once' });
  return values[0]!.trim();
};

const list = (fields: Map<string, string[]>, name: string): string[] | undefined => {
  const values = fields.get(name);
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
};

/** The metadata fields of an upload, checked like a JSON body would be; they win over the file's tags. */
export function trackFieldsToOverrides(fields: Map<string, string[]>): IngestOverrides {
  const errors: { path: string; message: string }[] = [];
  for (const name of fields.keys()) if (!FIELDS.has(name)) errors.push({ path: `body.${name}`, message: 'is not a known field' });
  const out: IngestOverrides = {};

  const title = one(fields, 'title', errors);
  if (title !== undefined) {
    if (title.length < 1 || title.length > NAME_MAX) errors.push({ path: 'body.title', message: `must be 1 to ${NAME_MAX} characters` });
    else out.title = title;
  }
  const artistIds = list(fields, 'artistIds');
  if (artistIds !== undefined) {
    if (artistIds.length === 0 || artistIds.length > 20 || !artistIds.every(isUuid)) errors.push({ path: 'body.artistIds', message: 'must be 1 to 20 artist ids' });
    else out.artistIds = [...new Set(artistIds.map((id) => id.toLowerCase()))];
  }
  const albumId = one(fields, 'albumId', errors);
  if (albumId !== undefined) {
    if (albumId === '' || albumId === 'null') out.albumId = null;
    else if (!isUuid(albumId)) errors.push({ path: 'body.albumId', message: 'must be an album id' });
    else out.albumId = albumId.toLowerCase();
  }
  const genres = list(fields, 'genres');
  if (genres !== undefined) {
    if (genres.length > 10 || genres.some((g) => g.length > 100)) errors.push({ path: 'body.genres', message: 'at most 10 genres of up to 100 characters' });
    else out.genres = genres;
  }
  for (const [name, max] of [['trackNumber', 9999], ['discNumber', 999]] as const) {
    const raw = one(fields, name, errors);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > max) errors.push({ path: `body.${name}`, message: `must be an integer from 1 to ${max}` });
    else out[name] = n;
  }
  const releaseDate = one(fields, 'releaseDate', errors);
  if (releaseDate !== undefined) {
    const m = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/.exec(releaseDate);
    const iso = m ? (m[2] ? releaseDate : `${m[1]}-01-01`) : null;
    if (!iso || Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso) {
      errors.push({ path: 'body.releaseDate', message: 'must be a year or a date (YYYY-MM-DD)' });
    } else out.releaseDate = iso;
  }
  if (errors.length) throw new InvalidError('Invalid upload fields', errors);
  return out;
}
