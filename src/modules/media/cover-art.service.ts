import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../../shared/actor.js';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { ImageOwner, MediaService, StoredFile } from './media.service.js';
import type { FileSource } from './send-file.js';
import { imageUrl } from '../../shared/image-url.js';
import { derivedName, type DerivedFiles } from './derived-files.js';

/** Past this a picture is sent as it is stored: a screen asking for more has the original's pixels anyway. */
export const MAX_COVER_SIZE = 2048;
const NAME = /^[0-9a-f]{64}\.(jpg|png|webp|gif)$/;
/** Tried in this order for a bare id: what apps ask about most comes first. */
const OWNER_KINDS: ImageOwner['kind'][] = ['album', 'track', 'artist', 'playlist'];
/** Resized pictures are written as their source was; a GIF becomes a PNG (one frame, lossless). */
const OUTPUT: Record<string, { ext: string; mimeType: string; format: 'jpeg' | 'png' | 'webp' }> = {
  jpg: { ext: 'jpg', mimeType: 'image/jpeg', format: 'jpeg' },
  png: { ext: 'png', mimeType: 'image/png', format: 'png' },
  webp: { ext: 'webp', mimeType: 'image/webp', format: 'webp' },
  gif: { ext: 'png', mimeType: 'image/png', format: 'png' },
};

export interface CoverArt {
  file: StoredFile;
  source: FileSource;
  /** The id named the picture itself, whose bytes never change. */
  immutable: boolean;
}

export interface CoverArtServiceDeps {
  media: Pick<MediaService, 'image' | 'imageByName' | 'open'>;
  /** The users module's answer: a user's picture key, if the actor may see it. */
  avatarKeyOf(actor: Actor, username: string): Promise<string | null>;
  /** Where resized copies are kept, e.g. DATA_DIR/cache/covers. */
  cacheDir: string;
  /** With STORAGE=s3: resized copies are put there, and a local miss is looked for there, so every host reuses what one made. */
  shared?: DerivedFiles | null;
  logger: Pick<Logger, 'warn'>;
}

/**
 * Pictures for clients that name them by an opaque id (Subsonic's coverArt): the public image
 * name Rhythmo hands out, or the id of an album, track, artist or playlist the caller may see.
 * A size asks for a smaller copy, made once with sharp and then kept on disk.
 */
export class CoverArtService {
  private readonly making = new Map<string, Promise<void>>();
  private readonly fetching = new Map<string, Promise<boolean>>();

  constructor(private readonly d: CoverArtServiceDeps) {}

  async find(actor: Actor, id: string, size?: number): Promise<CoverArt> {
    if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new InvalidError('Invalid size', [{ path: 'size', message: 'must be a whole number of pixels, 1 or more' }]);
    const immutable = NAME.test(id);
    const original = immutable ? await this.d.media.imageByName(id) : await this.byOwner(actor, id);
    if (size === undefined || size > MAX_COVER_SIZE) return { file: original, source: this.stored(original), immutable };
    return { ...(await this.resized(original, size)), immutable };
  }

  /** A user's picture, as stored or resized like a cover. */
  async avatar(actor: Actor, username: string, size?: number): Promise<CoverArt> {
    const name = imageUrl(await this.d.avatarKeyOf(actor, username))?.split('/').pop();
    if (!name) throw new NotFoundError('Image');
    return this.find(actor, name, size);
  }

  private async byOwner(actor: Actor, id: string): Promise<StoredFile> {
    if (!isUuid(id)) throw new NotFoundError('Image');
    for (const kind of OWNER_KINDS) {
      try {
        return await this.d.media.image(actor, { kind, id } as ImageOwner);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    throw new NotFoundError('Image');
  }

  private stored(file: StoredFile): FileSource {
    return { open: async (range) => ({ stream: this.d.media.open(file.key, range) }), check: async () => undefined };
  }

  private async resized(original: StoredFile, size: number): Promise<{ file: StoredFile; source: FileSource }> {
    const [, sha, ext] = /([0-9a-f]{64})\.(\w+)$/.exec(original.key) ?? [];
    if (!sha || !ext || !OUTPUT[ext]) return { file: original, source: this.stored(original) };
    const out = OUTPUT[ext]!;
    const target = path.join(this.d.cacheDir, sha.slice(0, 2), `${sha}-${size}.${out.ext}`);
    let stat = await fs.promises.stat(target).catch(() => null);
    if (!stat && (await this.fetch(target))) stat = await fs.promises.stat(target).catch(() => null);
    if (!stat) {
      // A picture sharp cannot read is still a picture the browser may show: it goes out as stored.
      const made = await this.make(original, target, size, out.format).then(() => true, () => false);
      if (!made) return { file: original, source: this.stored(original) };
      stat = await fs.promises.stat(target);
    }
    const file: StoredFile = { key: original.key, mimeType: out.mimeType, sizeBytes: stat.size, modifiedAt: stat.mtime, etag: `"${sha}-${size}"` };
    return { file, source: { open: async (range) => ({ stream: fs.createReadStream(target, range) }), check: async () => undefined } };
  }

  /** The object store's copy of a resized cover, into the local cache; false when it has none (or cannot be read now). */
  private fetch(target: string): Promise<boolean> {
    const shared = this.d.shared;
    if (!shared) return Promise.resolve(false);
    let job = this.fetching.get(target);
    if (!job) {
      job = shared
        .fetch(derivedName('covers', path.basename(target)), target)
        .catch((err: unknown) => {
          this.d.logger.warn({ err, target }, 'cover not read from the object store');
          return false;
        })
        .finally(() => this.fetching.delete(target));
      this.fetching.set(target, job);
    }
    return job;
  }

  /** One resize per picture and size at a time; written aside and renamed, so a reader never sees half a file. */
  private make(original: StoredFile, target: string, size: number, format: 'jpeg' | 'png' | 'webp'): Promise<void> {
    let job = this.making.get(target);
    if (!job) {
      job = (async () => {
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          // sharp (a native library) loads with the first resize, not in every process that builds a container.
          const { default: sharp } = await import('sharp');
          const resize = sharp().resize(size, size, { fit: 'inside', withoutEnlargement: true }).toFormat(format);
          await pipeline(this.d.media.open(original.key), resize, fs.createWriteStream(temp));
          await fs.promises.rename(temp, target);
          // A failure costs the other hosts a resize, nothing more.
          await this.d.shared?.put(derivedName('covers', path.basename(target)), target).catch((err: unknown) => this.d.logger.warn({ err, target }, 'cover not put in the object store'));
        } catch (err) {
          await fs.promises.rm(temp, { force: true });
          this.d.logger.warn({ err, key: original.key, size }, 'cover not resized');
          throw err;
        }
      })().finally(() => this.making.delete(target));
      this.making.set(target, job);
    }
    return job;
  }
}
