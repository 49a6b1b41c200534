import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { decideRange, etagMatches, ifRangeHolds } from './range.js';
import type { StoredFile } from './media.types.js';
import type { ByteRange } from './storage.js';

const PROBLEM_416 = (size: number) =>
  JSON.stringify({ type: 'about:blank', title: 'Range Not Satisfiable', status: 416, detail: `The file has ${size} bytes` });

/**
 * Last-Modified, whole seconds, and its HTTP date: formatted once per file rather than per range
 * request (the streaming path's StoredFile is cached and shared by a player's requests).
 */
const lastModifiedOf = new WeakMap<StoredFile, { ms: number; http: string }>();
function lastModified(file: StoredFile): { ms: number; http: string } {
  let known = lastModifiedOf.get(file);
  if (!known) {
    const date = new Date(Math.floor(file.modifiedAt.getTime() / 1000) * 1000);
    known = { ms: date.getTime(), http: date.toUTCString() };
    lastModifiedOf.set(file, known);
  }
  return known;
}

/** An opened file: a read stream of the bytes to send, or a local file descriptor to read them from by position. */
export type OpenedFile = { stream: Readable } | { fd: number };

/** Where the bytes of a StoredFile come from. */
export interface FileSource {
  /** Opens the file (or the range): it rejects, before any header is sent, when the file is gone. */
  open(range?: ByteRange): Promise<OpenedFile>;
  /** For answers without a body (HEAD, 304, 416): rejects when the file is gone. */
  check(): Promise<void>;
}

/** A source for a file the caller has just stat'ed (images): nothing more to check. */
export function storedSource(media: { open(key: string, range?: ByteRange): Readable }, file: StoredFile): FileSource {
  return { open: async (range) => ({ stream: media.open(file.key, range) }), check: async () => undefined };
}

/**
 * Sends a stored file with HTTP caching and byte ranges: 304 for a matching validator,
 * 206 for one satisfiable range, 416 for none, else the whole file. The file is opened before
 * any header goes out (so a file that vanished is still a clean 404), then piped; if the
 * client goes away the pipeline destroys the read stream, which closes its handle.
 * Node's request and response are all it needs: the streaming edge runs without Express.
 */
export async function sendStoredFile(req: IncomingMessage, res: ServerResponse, file: StoredFile, source: FileSource, cacheControl: string): Promise<void> {
  const modified = lastModified(file);
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const notModified = inm !== undefined ? etagMatches(inm, file.etag) : ims !== undefined && Date.parse(ims) >= modified.ms;
  const ifRange = req.headers['if-range'];
  const rangeHeader = ifRangeHolds(Array.isArray(ifRange) ? ifRange[0] : ifRange, file.etag, modified.ms) ? req.headers.range : undefined;
  const decision = notModified ? null : decideRange(rangeHeader, file.sizeBytes);
  const range = decision?.kind === 'partial' ? decision.range : undefined;
  const withBody = decision !== null && decision.kind !== 'unsatisfiable' && req.method !== 'HEAD';
  const body = withBody ? await source.open(range) : (await source.check(), null);

  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', file.etag);
  res.setHeader('Last-Modified', modified.http);
  res.setHeader('Cache-Control', cacheControl);
  // <audio>/<img> on another origin (the web player) must be allowed to embed the bytes.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (decision === null) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (decision.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${file.sizeBytes}`);
    res.removeHeader('Cache-Control');
    // What Express's res.type('application/problem+json').send(body) sent (the ETag is already set).
    const problem = PROBLEM_416(file.sizeBytes);
    res.statusCode = 416;
    res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    res.setHeader('Content-Length', String(Buffer.byteLength(problem)));
    res.end(req.method === 'HEAD' ? undefined : problem);
    return;
  }
  res.statusCode = range ? 206 : 200;
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.sizeBytes));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
  if (!body) {
    res.end();
    return;
  }
  if ('fd' in body) {
    await sendFromFd(req, res, body.fd, range?.start ?? 0, range?.end ?? file.sizeBytes - 1);
    return;
  }
  try {
    await pipeline(body.stream, res);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A listener skipping ahead closes the connection mid-body: normal, not an error.
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE') return;
    req.log?.error({ err, key: file.key }, 'streaming failed');
    res.destroy();
  }
}

/**
 * Behind nginx (STREAM_ACCEL_REDIRECT): the request is authorised here and nginx sends the file
 * from an internal location with sendfile, answering ranges and validators itself. Keys are
 * content keys (hash and extension, nothing a user typed), so the URI needs no escaping.
 * `reuseSeconds` (X-Accel-Expires) is how long nginx may answer the same request with this
 * hand-over without asking again (see accelReuseSeconds).
 */
export function accelRedirect(res: ServerResponse, file: StoredFile, prefix: string, cacheControl: string, reuseSeconds: number): void {
  res.setHeader('X-Accel-Redirect', `${prefix}${file.key}`);
  res.setHeader('X-Accel-Expires', String(reuseSeconds));
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Cache-Control', cacheControl);
  res.statusCode = 200;
  res.end();
}

/**
 * With the media in an object store (S3_PRESIGNED_REDIRECT): the player follows a 302 to a
 * presigned URL and the store answers its ranges. The URL carries its own expiry, so the
 * hand-over itself is not cached.
 */
export function storeRedirect(res: ServerResponse, url: string): void {
  res.statusCode = 302;
  res.setHeader('Location', url);
  res.setHeader('Cache-Control', 'private, no-store');
  res.end();
}

/**
 * How long nginx may reuse a stream's authorisation: `maxSeconds` (STREAM_ACCEL_CACHE_SECONDS),
 * never past the credential's expiry. A token or signed URL valid until second `expiresAt` is
 * valid for expiresAt - now more seconds, counted from the next whole second.
 */
export function accelReuseSeconds(maxSeconds: number, expiresAt: number, nowMs: number): number {
  return Math.max(0, Math.min(maxSeconds, expiresAt - Math.ceil(nowMs / 1000)));
}

/** Bytes read per step. */
const CHUNK = 512 * 1024;
/** Chunk buffers kept for reuse: 32 MiB at most. */
const POOL_MAX = 64;
const pool: Buffer[] = [];

/**
 * Chunk buffers are reused rather than allocated per read: at hundreds of MiB/s, fresh half-MiB
 * buffers are external memory that makes V8 collect every few milliseconds ("external memory
 * pressure" scavenges of 5-45 ms here, each a stall for every listener). A buffer goes back
 * only once nothing can still read it: its read has returned and its write has completed.
 */
const takeBuffer = (): Buffer => pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
const giveBack = (buffer: Buffer): void => {
  if (pool.length < POOL_MAX) pool.push(buffer);
};

/**
 * Writes bytes [start, end] of an open file to the response by positional reads, one chunk at a
 * time, reading the next only once the socket has taken the last (backpressure). This is what a
 * read stream piped into the response does, without the stream machinery around each chunk
 * (a quarter of the CPU of a range request). The descriptor is closed exactly once: at the end,
 * on a read error, or when the client goes away, and never while a read on it is in flight
 * (a closed descriptor's number can be reused by the next open).
 */
function sendFromFd(req: IncomingMessage, res: ServerResponse, fd: number, start: number, end: number): Promise<void> {
  return new Promise((resolve) => {
    let pos = start;
    let reading = false;
    let done = false;
    const close = () => {
      res.off('close', stop);
      res.off('drain', step);
      // Closing a descriptor opened read-only has nothing to flush: done in place, it spares a
      // trip through libuv's thread pool (and the wake-ups of its threads) per request.
      try {
        fs.closeSync(fd);
      } catch (err) {
        req.log?.warn({ err }, 'closing a streamed file failed');
      }
      resolve();
    };
    // The client went away (or the response ended): close now, or when the pending read returns.
    const stop = () => {
      if (done) return;
      done = true;
      if (!reading) close();
    };
    const step = () => {
      if (done) return;
      const length = Math.min(CHUNK, end + 1 - pos);
      if (length <= 0) {
        res.end();
        done = true;
        return close();
      }
      reading = true;
      const buffer = takeBuffer();
      fs.read(fd, buffer, 0, length, pos, (err, read) => {
        reading = false;
        if (done) {
          giveBack(buffer);
          return close();
        }
        if (err || read === 0) {
          // A read error, or the file is shorter than its recorded size: the response cannot be completed.
          giveBack(buffer);
          req.log?.error({ err: err ?? new Error('unexpected end of file') }, 'streaming failed');
          done = true;
          res.destroy();
          return close();
        }
        pos += read;
        const data = buffer.subarray(0, read);
        if (pos > end) {
          done = true;
          // 'finish' comes after the last byte went to the socket; if the client goes away first
          // it never comes, and the buffer is left to the garbage collector.
          res.end(data, () => giveBack(buffer));
          return close();
        }
        const more = res.write(data, (writeErr) => !writeErr && giveBack(buffer));
        if (more) step();
        else res.once('drain', step);
      });
    };
    res.once('close', stop);
    step();
  });
}
