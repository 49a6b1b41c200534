import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { isContentKey, makeTemp, sweepTemps, type ByteRange, type Storage, type StoredStat } from './storage.js';
import { MIME_BY_EXT } from './probe.js';

export interface S3Settings {
  /** Absent for AWS S3 itself (the region picks the endpoint). */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Absent: the SDK's own chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `http://host/bucket/key` rather than `http://bucket.host/key`: what MinIO, Garage and test servers need. */
  forcePathStyle: boolean;
}

export function createS3Client(s: S3Settings): S3Client {
  // The pinned SDK runs on Node 20 (package.json engines). Its notice that later versions will
  // not is for whoever raises the pin, not a warning on every start and every CLI run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    credentials: s.credentials,
    forcePathStyle: s.forcePathStyle,
    // Checksums only where the API demands them: several S3-compatible stores refuse the
    // SDK's default trailing checksums, and every object is verified by its content hash anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Multipart parts: the SDK's minimum, a few in flight per upload. */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;
/** Objects an import batch puts at once. */
const COMMITS_AT_ONCE = 4;
/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;
const READ_CHUNK = 256 * 1024;

const notFound = (key: string): NodeJS.ErrnoException => Object.assign(new Error(`Nothing stored under ${key}`), { code: 'ENOENT' });

const isMissing = (err: unknown): boolean =>
  err instanceof S3ServiceException && (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

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
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    /** Local folder for files on their way in (uploads, staged imports, the admin panel's forms). */
    readonly tempDir: string,
    private readonly sweepGraceMs = 60_000,
  ) {}

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
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined });
    this.client.send(command, { abortSignal: abort.signal }).then(
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

  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }), { expiresIn: ttlSeconds });
  }

  async stat(key: string): Promise<StoredStat | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return { sizeBytes: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    const valid = [...new Set(keys.filter(isContentKey))];
    for (let i = 0; i < valid.length; i += DELETE_BATCH) {
      const batch = valid.slice(i, i + DELETE_BATCH);
      const res = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = res.Errors?.filter((e) => e.Code !== 'NoSuchKey') ?? [];
      if (failed.length) throw new Error(`Could not delete ${failed.length} stored objects: ${failed[0]!.Key} (${failed[0]!.Code})`);
    }
  }

  sweepTemp(): Promise<number> {
    return sweepTemps(this.tempDir, this.sweepGraceMs);
  }

  private checkTemp(tempPath: string): void {
    if (path.dirname(path.resolve(tempPath)) !== path.resolve(this.tempDir)) throw new Error('commitTemp takes a file made by writeTemp');
  }

  private async upload(key: string, body: Readable | Uint8Array, size: number): Promise<void> {
    const ext = checkKey(key).slice(key.lastIndexOf('.') + 1);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: size,
        ContentType: MIME_BY_EXT[ext] ?? 'application/octet-stream',
        // The key is the content's hash: the bytes behind it never change.
        CacheControl: 'public, max-age=31536000, immutable',
      },
      partSize: PART_SIZE,
      queueSize: PARTS_AT_ONCE,
      leavePartsOnError: false,
    });
    await upload.done();
  }
}
