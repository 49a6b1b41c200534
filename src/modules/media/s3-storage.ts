import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { isContentKey, makeTemp, sweepTemps, type ByteRange, type Storage, type StoredStat } from './storage.js';
import { MIME_BY_EXT } from './probe.js';
import { derivedKey, type DerivedFiles } from './derived-files.js';
import type { S3Settings } from './s3-client.js';

export type { S3Settings } from './s3-client.js';

/**
 * The SDK, loaded on first use: about 100 ms and 25 MB that a server on local disk, and every CLI
 * command that never touches the bucket, does not pay for.
 */
const loadSdk = async () => {
  const [s3, lib, presigner, client] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-storage'),
    import('@aws-sdk/s3-request-presigner'),
    import('./s3-client.js'),
  ]);
  return { ...s3, Upload: lib.Upload, getSignedUrl: presigner.getSignedUrl, createS3Client: client.createS3Client };
};
type Sdk = Awaited<ReturnType<typeof loadSdk>>;
let sdk: Promise<Sdk> | undefined;

/** Multipart parts: the SDK's minimum, a few in flight per upload. */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;
/** Objects an import batch puts at once. */
const COMMITS_AT_ONCE = 4;
/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;
const READ_CHUNK = 256 * 1024;

const notFound = (key: string): NodeJS.ErrnoException => Object.assign(new Error(`Nothing stored under ${key}`), { code: 'ENOENT' });

const isMissing = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return !!e && (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404);
};

function checkKey(key: string): string {
  if (!isContentKey(key)) throw new Error(`Not a content key: ${key}`);
  return key;
}

/**
 * Objects in one bucket under their content keys, through any S3-compatible API. Uploads are
 * received into local temporary files first (the key is the hash of the bytes, known only once
 * they are all in), then sent as one object, multipart when large: an object appears whole or
 * not at all, so commitTemp keeps the local driver's promise without a rename.
 */
export class S3Storage implements Storage {
  private api?: Promise<Sdk & { client: S3Client }>;
  readonly bucket: string;

  constructor(
    private readonly settings: S3Settings,
    /** Local folder for files on their way in (uploads, staged imports, the admin panel's forms). */
    readonly tempDir: string,
    private readonly sweepGraceMs = 60_000,
  ) {
    this.bucket = settings.bucket;
  }

  /** The SDK and this bucket's client, made on first use. */
  private connect(): Promise<Sdk & { client: S3Client }> {
    this.api ??= (sdk ??= loadSdk()).then((m) => ({ ...m, client: m.createS3Client(this.settings) }));
    return this.api;
  }

  get stagingDir(): string {
    return this.tempDir;
  }

  writeTemp(): Promise<{ path: string }> {
    return makeTemp(this.tempDir);
  }

  async commitTemp(tempPath: string, key: string): Promise<void> {
    this.checkTemp(tempPath);
    const { size } = await fsp.stat(tempPath);
    await this.upload(key, fs.createReadStream(tempPath, { highWaterMark: READ_CHUNK }), size);
    await fsp.rm(tempPath, { force: true });
  }

  async putBytes(key: string, data: Uint8Array): Promise<void> {
    await this.upload(key, data, data.length);
  }

  async commitTemps(items: { tempPath: string; key: string }[]): Promise<(boolean | Error)[]> {
    const results: (boolean | Error)[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < items.length; i = next++) {
        const { tempPath, key } = items[i]!;
        try {
          this.checkTemp(tempPath);
          if (await this.stat(key)) {
            results[i] = false;
          } else {
            await this.commitTemp(tempPath, key);
            results[i] = true;
          }
        } catch (err) {
          results[i] = err as Error;
        }
        await fsp.rm(tempPath, { force: true }).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(COMMITS_AT_ONCE, items.length) }, worker));
    return results;
  }

  /** Resized covers and finished encodes, under `derived/` in the same bucket, for every host to reuse. */
  readonly derived: DerivedFiles = {
    fetch: async (name, target) => {
      const key = derivedKey(name);
      const { client, GetObjectCommand } = await this.connect();
      let body: Readable;
      try {
        body = (await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body as Readable;
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await pipeline(body, fs.createWriteStream(temp));
        await fsp.rename(temp, target);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw err;
      }
      return true;
    },
    put: async (name, source) => {
      const key = derivedKey(name);
      const { size } = await fsp.stat(source);
      await this.send(key, fs.createReadStream(source, { highWaterMark: READ_CHUNK }), size, MIME_BY_EXT[key.slice(key.lastIndexOf('.') + 1)]);
    },
  };

  /** An acknowledged PUT is durable already. */
  async syncDirs(): Promise<void> {}

  async discardTemp(tempPath: string): Promise<void> {
    await fsp.rm(tempPath, { force: true });
  }

  /**
   * The object's bytes (or a range of them) as a stream that emits 'ready' once the store has
   * answered, or fails with code ENOENT when the key holds nothing, as a local file's stream
   * does. Destroying it (a listener who went away) aborts the request to the store.
   */
  open(key: string, range?: ByteRange): Readable {
    checkKey(key);
    const out = new PassThrough({ highWaterMark: READ_CHUNK });
    const abort = new AbortController();
    out.once('close', () => abort.abort());
    this.connect()
      .then(({ client, GetObjectCommand }) => {
        const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined });
        return client.send(command, { abortSignal: abort.signal });
      })
      .then(
      (res) => {
        const body = res.Body as Readable;
        if (out.destroyed) return body.destroy();
        out.emit('ready');
        // Errors reach `out` through the pipeline, which destroys it with them.
        pipeline(body, out).catch(() => undefined);
      },
      (err: unknown) => out.destroy(isMissing(err) ? notFound(key) : (err as Error)),
    );
    return out;
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    checkKey(key);
    const { client, getSignedUrl, GetObjectCommand } = await this.connect();
    return getSignedUrl(client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: ttlSeconds });
  }

  async stat(key: string): Promise<StoredStat | null> {
    checkKey(key);
    const { client, HeadObjectCommand } = await this.connect();
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    const valid = [...new Set(keys.filter(isContentKey))];
    if (valid.length === 0) return;
    const { client, DeleteObjectsCommand } = await this.connect();
    for (let i = 0; i < valid.length; i += DELETE_BATCH) {
      const batch = valid.slice(i, i + DELETE_BATCH);
      const res = await client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = res.Errors?.filter((e) => e.Code !== 'NoSuchKey') ?? [];
      if (failed.length) throw new Error(`Could not delete ${failed.length} stored objects: ${failed[0]!.Key} (${failed[0]!.Code})`);
    }
  }

  sweepTemp(): Promise<number> {
    return sweepTemps(this.tempDir, this.sweepGraceMs);
  }

  async check(): Promise<void> {
    const { client, HeadBucketCommand } = await this.connect();
    try {
      await client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      const why = status === 404 ? 'it does not exist' : status === 403 ? 'these credentials may not use it' : `${e.name}: ${e.message}`;
      throw new Error(`The bucket "${this.bucket}" at ${this.settings.endpoint ?? `AWS S3 (${this.settings.region})`} cannot be used: ${why}`);
    }
  }

  private checkTemp(tempPath: string): void {
    if (path.dirname(path.resolve(tempPath)) !== path.resolve(this.tempDir)) throw new Error('commitTemp takes a file made by writeTemp');
  }

  private upload(key: string, body: Readable | Uint8Array, size: number): Promise<void> {
    const ext = checkKey(key).slice(key.lastIndexOf('.') + 1);
    return this.send(key, body, size, MIME_BY_EXT[ext]);
  }

  private async send(key: string, body: Readable | Uint8Array, size: number, contentType: string | undefined): Promise<void> {
    const { client, Upload } = await this.connect();
    const upload = new Upload({
      client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: size,
        ContentType: contentType ?? 'application/octet-stream',
        // The key is (made from) the content's hash: the bytes behind it never change.
        CacheControl: 'public, max-age=31536000, immutable',
      },
      partSize: PART_SIZE,
      queueSize: PARTS_AT_ONCE,
      leavePartsOnError: false,
    });
    await upload.done();
  }
}
