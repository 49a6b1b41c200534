import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../../shared/actor.js';
import { requireRole, requireUser } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { ConflictError, InvalidError, NotFoundError, TooLargeError, UnauthenticatedError, UnsupportedMediaError } from '../../shared/errors.js';
import { contentKey, type Storage, type StoredStat } from './storage.js';
import { imageTypeOfFile, MIME_BY_EXT, probeAudio, sha256OfFile } from './probe.js';
import { tagsToTrackInput } from './tags.js';
import { fitNames, type TrackDto } from '../catalog/index.js';
import { StreamUrlSigner, type StreamVariant } from './stream-url.js';
import type { FileSource } from './send-file.js';
import { ExpiringCache } from './expiring-cache.js';
import { imageKeyOf } from '../../shared/image-url.js';
import { planStream, type StreamPlan, type StreamWish } from './transcode/formats.js';
import type { TranscodeInput, Transcoder } from './transcode/transcoder.js';
import type {
  CatalogPort,
  ImageTarget,
  IngestOptions,
  IngestOverrides,
  IngestResult,
  NewTrackInput,
  PlaylistCoverPort,
  StoredFile,
} from './media.types.js';

export type { StoredFile };

export type ImageOwner = ImageTarget | { kind: 'playlist'; id: string };

export interface MediaServiceDeps {
  storage: Storage;
  catalog: CatalogPort;
  /** Playlist covers; without it (a media service built for storage alone) a playlist cover is not found. */
  playlists?: PlaylistCoverPort;
  /** Resolves the user a signed URL was issued to, refusing inactive accounts. */
  actorFor(userId: string): Promise<Actor>;
  clock: Clock;
  logger: Logger;
  streamSecret: string;
  streamUrlTtlSeconds: number;
  maxImageBytes: number;
  /** Encodes streams on request (absent, or ffmpeg missing: originals only). */
  transcoder?: Transcoder;
  /** Streams hand over to the storage's own signed URL, valid this long (S3_PRESIGNED_REDIRECT); null or absent: served here. */
  redirectTtlSeconds?: number | null;
  /** Told of each uploaded track once it is in the catalog (the container queues its transcode warm-up). */
  trackAdded?(track: TrackDto): void;
}

/** A file written into storage's temp area together with its hash. */
export interface TempUpload {
  path: string;
  sha256: string;
  sizeBytes: number;
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const ACTOR_CACHE_MS = 15_000;
const ACTOR_CACHE_SIZE = 10_000;
const REF_CACHE_MS = 5_000;
const REF_CACHE_SIZE = 10_000;

const openForReading = (file: string) =>
  new Promise<number>((resolve, reject) => fs.open(file, 'r', (err, fd) => (err ? reject(err) : resolve(fd))));

const etagOf = (key: string) => `"${/([0-9a-f]{64})\./.exec(key)?.[1] ?? key}"`;

export class MediaService {
  private readonly signer: StreamUrlSigner;
  private readonly actors: ExpiringCache<Actor>;
  private readonly refs: ExpiringCache<StoredFile>;

  constructor(private readonly d: MediaServiceDeps) {
    this.signer = new StreamUrlSigner(d.streamSecret);
    const now = () => d.clock.now().getTime();
    this.actors = new ExpiringCache(ACTOR_CACHE_MS, ACTOR_CACHE_SIZE, now);
    this.refs = new ExpiringCache(REF_CACHE_MS, REF_CACHE_SIZE, now);
  }

  /** Artists (for the artists they manage, checked by the catalog) and admins add audio. */
  assertMayUpload(actor: Actor): void {
    requireRole(actor, 'artist', 'admin');
  }

  /**
   * Probe, hash, store (temp -> fsync -> rename to the content key), then create the track.
   * Tags fill what `overrides` leave out. If creating the row fails, a file this call added is
   * removed again, unless a concurrent import of the same bytes now owns it.
   */
  async ingestFile(actor: Actor, filePath: string, overrides: IngestOverrides = {}, opts: IngestOptions = {}): Promise<IngestResult> {
    this.assertMayUpload(actor);
    const keepSource = opts.keepSource ?? true;
    try {
      const probed = await probeAudio(filePath, { sha256: opts.sha256 });
      const { ext, ...audio } = probed.audio;
      const existing = await this.d.catalog.findTrackIdBySha256(audio.sha256);
      if (existing) return { status: 'duplicate', existingTrackId: existing };

      const key = contentKey('audio', audio.sha256, ext);
      const audioCreated = await this.storeFile(filePath, key, keepSource);
      let coverCreated: string | null = null;
      try {
        const { coverPath, ...fields } = overrides;
        let coverKey = overrides.coverKey ?? null;
        if (!coverKey && coverPath) {
          const stored = await this.storeImageFromPath(coverPath).catch((err: unknown) => {
            this.d.logger.warn({ err, coverPath }, 'cover image skipped');
            return null;
          });
          if (stored) [coverKey, coverCreated] = [stored.key, stored.created ? stored.key : null];
        }
        if (!coverKey && probed.picture) {
          const stored = await this.storeImageBytes(probed.picture.data).catch(() => null);
          if (stored) [coverKey, coverCreated] = [stored.key, stored.created ? stored.key : null];
        }
        // Tags are the file's, not the uploader's typing: too long a name is cut, not refused.
        const tagged = fitNames(tagsToTrackInput(probed.tags, { relativePath: opts.relativePath }));
        if (tagged.cut.length) this.d.logger.warn({ cut: tagged.cut }, 'tag values cut to the catalog limits');
        const input: NewTrackInput = {
          ...(await this.mergeInput(actor, tagged.fields, fields)),
          coverKey,
          audio: { ...audio, key },
        };
        const track = await this.d.catalog.createTrack(actor, input);
        return { status: 'imported', track };
      } catch (err) {
        const owner = await this.d.catalog.findTrackIdBySha256(audio.sha256).catch(() => 'unknown');
        if (audioCreated && !owner) await this.d.storage.delete([key]);
        if (coverCreated) await this.d.storage.delete([coverCreated]);
        if (err instanceof ConflictError && typeof err.details.existingTrackId === 'string') {
          return { status: 'duplicate', existingTrackId: err.details.existingTrackId };
        }
        throw err;
      }
    } finally {
      if (!keepSource) await this.d.storage.discardTemp(filePath).catch(() => undefined);
    }
  }

  /** The upload route's call: like ingestFile on a storage temp file, but a duplicate is a 409 naming the track. */
  async uploadTrack(actor: Actor, upload: TempUpload, overrides: IngestOverrides, originalName?: string): Promise<TrackDto> {
    const result = await this.ingestFile(actor, upload.path, overrides, {
      keepSource: false,
      sha256: upload.sha256,
      // A folder upload names the file by its relative path (Artist/Album/NN - Title.ext); it only
      // fills tags the file lacks and never reaches a storage key.
      relativePath: originalName || undefined,
    });
    if (result.status === 'duplicate') {
      throw new ConflictError('This audio is already in the catalog', { existingTrackId: result.existingTrackId });
    }
    this.d.trackAdded?.(result.track);
    return result.track;
  }

  /**
   * Streams a request body into a storage temp file, hashing as it goes. Past `limit` the rest
   * is read and dropped (so the client still gets its 413 instead of a reset connection),
   * the temp file is removed, and TooLargeError is thrown.
   */
  async receive(source: Readable, limit: number): Promise<TempUpload> {
    const temp = await this.d.storage.writeTemp();
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > limit) return cb();
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(temp.path));
      if (size > limit) throw new TooLargeError(`The file is larger than the limit of ${Math.floor(limit / (1024 * 1024))} MB`);
      return { path: temp.path, sha256: hash.digest('hex'), sizeBytes: size };
    } catch (err) {
      await this.d.storage.discardTemp(temp.path);
      throw err;
    }
  }

  async discard(upload: TempUpload | { path: string }): Promise<void> {
    await this.d.storage.discardTemp(upload.path);
  }

  // ---- streaming -------------------------------------------------------------------------

  /**
   * The stored audio of a track the actor can see. A player seeks with a burst of range requests
   * for one track, so the catalog's answer and the file's size and date are remembered for a few
   * seconds per (actor, track): such a burst costs no query and no stat. A track's audio never
   * changes under its id (the key is the content hash; there is no way to replace it), so what
   * can go stale is only its existence: audioSource() opens the file for every request, and a
   * file that is gone drops the entry and is answered from the catalog again.
   */
  trackAudio(actor: Actor, trackId: string): Promise<StoredFile> {
    return this.refs.get(this.refKey(actor, trackId), async () => {
      const ref = await this.d.catalog.getTrackAudio(actor, trackId);
      const stat = await this.d.storage.stat(ref.key);
      if (!stat) {
        this.d.logger.error({ trackId, key: ref.key }, 'audio file missing from storage');
        throw new NotFoundError('Audio');
      }
      return {
        key: ref.key,
        mimeType: ref.mimeType,
        sizeBytes: stat.sizeBytes,
        modifiedAt: stat.modifiedAt,
        etag: `"${ref.sha256}"`,
        durationMs: ref.durationMs,
        bitrate: ref.bitrate ?? null,
      };
    });
  }

  /**
   * The bytes of trackAudio's answer. The file is opened (one open, no stat: the size is known)
   * before the caller sends any header; if it has vanished since it was cached (the track was
   * deleted), the cached entry goes and the catalog decides between 404 Track and 404 Audio.
   */
  audioSource(actor: Actor, trackId: string, file: StoredFile): FileSource {
    const gone = async (): Promise<never> => {
      this.refs.delete(this.refKey(actor, trackId));
      await this.trackAudio(actor, trackId);
      // Found in the catalog and on disk again (re-created between the two looks): rare, and
      // the client's retry will stream it.
      throw new NotFoundError('Audio');
    };
    return {
      open: async (range) => {
        const local = this.d.storage.localPath?.(file.key);
        if (local) {
          try {
            return { fd: await openForReading(local) };
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') return gone();
            throw err;
          }
        }
        const stream = this.d.storage.open(file.key, range);
        try {
          await new Promise<void>((resolve, reject) => {
            stream.once('ready', resolve);
            stream.once('error', reject);
          });
        } catch (err) {
          stream.destroy();
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return gone();
          throw err;
        }
        return { stream };
      },
      check: async () => {
        if (!(await this.d.storage.stat(file.key))) await gone();
      },
    };
  }

  /**
   * Where a player may fetch trackAudio's bytes straight from the store (a presigned URL, which
   * answers ranges itself), when so configured and the storage can sign; null, at once (no
   * promise to wait for on the streaming path): serve them here.
   */
  audioRedirect(file: StoredFile): Promise<string> | null {
    const ttl = this.d.redirectTtlSeconds;
    if (!ttl || !this.d.storage.signedUrl) return null;
    return this.d.storage.signedUrl(file.key, ttl);
  }

  /**
   * The user's sessions ended or the account was banned (here or on another process): the next
   * signed-URL request checks the account again instead of trusting the remembered answer.
   */
  forgetUser(userId: string): void {
    this.actors.delete(userId);
  }

  /** Stored files were deleted (here or on another process): the remembered track look-ups go. */
  forgetStoredFiles(): void {
    this.refs.clear();
  }

  /** Everything remembered goes (the notifications from other processes were interrupted). */
  forgetAll(): void {
    this.actors.clear();
    this.refs.clear();
  }

  private refKey(actor: Actor, trackId: string): string {
    return `${actor.kind === 'user' ? actor.id : 'system'}:${trackId}`;
  }

  open(key: string, range?: { start: number; end: number }): Readable {
    return this.d.storage.open(key, range);
  }

  /** A signed URL for `<audio src>`; a format and bitrate, when given, are part of what is signed. */
  async createStreamUrl(actor: Actor, trackId: string, variant: StreamVariant = {}): Promise<{ url: string; expiresAt: string }> {
    const user = requireUser(actor);
    await this.d.catalog.getTrackAudio(actor, trackId);
    const expires = Math.floor(this.d.clock.now().getTime() / 1000) + this.d.streamUrlTtlSeconds;
    const sig = this.signer.sign(trackId, user.id, expires, variant);
    const query = new URLSearchParams({
      ...(variant.format ? { format: variant.format } : {}),
      ...(variant.bitrate ? { bitrate: String(variant.bitrate) } : {}),
      u: user.id,
      expires: String(expires),
      sig,
    });
    return { url: `/api/tracks/${trackId}/stream?${query.toString()}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The encoder of streams; null when there is none (originals only). */
  get transcoder(): Transcoder | null {
    return this.d.transcoder ?? null;
  }

  /** How a stream of trackAudio's answer meets the wish: the stored file as it is, or an encode of it. */
  async streamPlan(file: StoredFile, wish: StreamWish): Promise<StreamPlan> {
    if (!this.d.transcoder || !(await this.d.transcoder.available())) return { kind: 'original' };
    return planStream({ key: file.key, bitrate: file.bitrate ?? null }, wish);
  }

  /** What the transcoder reads for trackAudio's answer: the local file when there is one, else the stored bytes. */
  transcodeInput(file: StoredFile): TranscodeInput {
    return { sha256: file.etag.slice(1, -1), localPath: this.d.storage.localPath?.(file.key) ?? null, open: () => this.d.storage.open(file.key) };
  }

  /** The actor behind a signed stream URL; UnauthenticatedError when it is missing, forged or expired. */
  async actorFromSignature(trackId: string, query: { u?: string; expires?: string | number; sig?: string } & StreamVariant): Promise<Actor> {
    const now = this.d.clock.now().getTime();
    const userId = this.signer.verify(trackId, query, Math.floor(now / 1000));
    if (!userId) throw new UnauthenticatedError('Missing, invalid or expired stream signature');
    // A player fetches many ranges of one URL in a row: the account check is remembered briefly
    // (a ban takes effect within ACTOR_CACHE_MS and one refresh) instead of costing a query per range.
    return this.actors.get(userId, () => this.d.actorFor(userId));
  }

  // ---- images ----------------------------------------------------------------------------

  async image(actor: Actor, owner: ImageOwner): Promise<StoredFile> {
    const key = owner.kind === 'playlist' ? await this.playlists().getCoverKey(actor, owner.id) : await this.d.catalog.getImageKey(actor, owner);
    const stat = key ? await this.d.storage.stat(key) : null;
    if (!key || !stat) throw new NotFoundError('Image');
    return this.describe(key, stat);
  }

  /**
   * An image by its public name (see image-url.ts). The name is the capability: it was handed out
   * only with an object the caller could see, so there is no actor to check here.
   */
  async imageByName(name: string): Promise<StoredFile> {
    const key = imageKeyOf(name);
    const stat = key ? await this.d.storage.stat(key) : null;
    if (!key || !stat) throw new NotFoundError('Image');
    return this.describe(key, stat);
  }

  /**
   * Stores an uploaded image (type decided by its bytes) and records it on its owner, which
   * checks the actor's rights. A file this call added is removed if recording fails.
   */
  async setImage(actor: Actor, owner: ImageOwner, upload: TempUpload): Promise<StoredFile> {
    try {
      if (upload.sizeBytes > this.d.maxImageBytes) throw new TooLargeError('The image is too large');
      if (upload.sizeBytes === 0) throw new InvalidError('The image is empty', [{ path: 'body', message: 'is empty' }]);
      const type = await imageTypeOfFile(upload.path);
      if (!type) throw new UnsupportedMediaError('Not a supported image: JPEG, PNG, WebP or GIF');
      const key = contentKey('images', upload.sha256, type.ext);
      const created = !(await this.d.storage.stat(key));
      await this.d.storage.commitTemp(upload.path, key);
      let replaced: string | null | undefined | void;
      try {
        if (owner.kind === 'playlist') await this.playlists().setCover(actor, owner.id, key);
        else replaced = await this.d.catalog.setImage(actor, owner, key);
      } catch (err) {
        if (created) await this.d.storage.delete([key]);
        throw err;
      }
      // The catalog hands back the previous key only once no row uses it (identical covers share
      // one content key). Playlist covers are not checked that way, so their old file stays.
      if (replaced && replaced !== key) await this.d.storage.delete([replaced]).catch((err: unknown) => this.d.logger.warn({ err }, 'old image not deleted'));
      return this.describe(key, (await this.d.storage.stat(key))!);
    } finally {
      await this.d.storage.discardTemp(upload.path).catch(() => undefined);
    }
  }

  private playlists(): PlaylistCoverPort {
    if (!this.d.playlists) throw new NotFoundError('Playlist');
    return this.d.playlists;
  }

  private describe(key: string, stat: StoredStat): StoredFile {
    const ext = key.slice(key.lastIndexOf('.') + 1);
    return { key, mimeType: MIME_BY_EXT[ext] ?? 'application/octet-stream', sizeBytes: stat.sizeBytes, modifiedAt: stat.modifiedAt, etag: etagOf(key) };
  }

  // ---- internals ---------------------------------------------------------------------------

  private async mergeInput(actor: Actor, fromTags: ReturnType<typeof tagsToTrackInput>, overrides: Partial<NewTrackInput>): Promise<Omit<NewTrackInput, 'audio'>> {
    const o = defined(overrides);
    const merged: Omit<NewTrackInput, 'audio'> = { ...fromTags, ...o, title: o.title ?? fromTags.title };
    // Explicit ids replace what the tags named, rather than adding to it.
    if (o.artistIds?.length) delete merged.artistNames;
    if ('albumId' in o) delete merged.album;
    // The tagged album then belongs to the chosen artists, not to names from the file that the
    // uploader may not manage (a compilation stays with Various Artists).
    if (o.artistIds?.length && merged.album && merged.album.type !== 'compilation') {
      const names = (await this.d.catalog.getArtistSummaries(actor, o.artistIds)).map((a) => a.name);
      if (names.length) merged.album = { ...merged.album, artistNames: names.slice(0, 1) };
    }
    if (o.releaseDate && merged.album) merged.album = { ...merged.album, releaseDate: merged.album.releaseDate ?? o.releaseDate };
    return merged;
  }

  /** Copies (or moves) a file to a key; true when the key did not hold it before. */
  private async storeFile(filePath: string, key: string, keepSource: boolean): Promise<boolean> {
    const created = !(await this.d.storage.stat(key));
    if (keepSource) {
      const temp = await this.d.storage.writeTemp();
      try {
        await pipeline(fs.createReadStream(filePath), fs.createWriteStream(temp.path));
        await this.d.storage.commitTemp(temp.path, key);
      } catch (err) {
        await this.d.storage.discardTemp(temp.path);
        throw err;
      }
    } else {
      await this.d.storage.commitTemp(filePath, key);
    }
    return created;
  }

  private async storeImageBytes(data: Uint8Array): Promise<{ key: string; created: boolean } | null> {
    if (data.length === 0 || data.length > this.d.maxImageBytes) return null;
    const temp = await this.d.storage.writeTemp();
    try {
      await fs.promises.writeFile(temp.path, data);
      return await this.commitImage(temp.path, createHash('sha256').update(data).digest('hex'));
    } finally {
      await this.d.storage.discardTemp(temp.path);
    }
  }

  private async storeImageFromPath(filePath: string): Promise<{ key: string; created: boolean } | null> {
    const { size } = await fs.promises.stat(filePath);
    if (size === 0 || size > this.d.maxImageBytes) return null;
    const temp = await this.d.storage.writeTemp();
    try {
      await pipeline(fs.createReadStream(filePath), fs.createWriteStream(temp.path));
      return await this.commitImage(temp.path, await sha256OfFile(temp.path));
    } finally {
      await this.d.storage.discardTemp(temp.path);
    }
  }

  private async commitImage(tempPath: string, sha256: string): Promise<{ key: string; created: boolean } | null> {
    const type = await imageTypeOfFile(tempPath);
    if (!type) return null;
    const key = contentKey('images', sha256, type.ext);
    const created = !(await this.d.storage.stat(key));
    await this.d.storage.commitTemp(tempPath, key);
    return { key, created };
  }
}
