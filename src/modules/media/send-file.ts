import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { decideRange, etagMatches, ifRangeHolds } from './range.js';
import type { StoredFile } from './media.service.js';

const PROBLEM_416 = (size: number) =>
  JSON.stringify({ type: 'about:blank', title: 'Range Not Satisfiable', status: 416, detail: `The file has ${size} bytes` });

/**
 * Sends a stored file with HTTP caching and byte ranges: 304 for a matching validator,
 * 206 for one satisfiable range, 416 for none, else the whole file. The file is piped;
 * if the client goes away the pipeline destroys the read stream, which closes its handle.
 */
export async function sendStoredFile(
  req: Request,
  res: Response,
  file: StoredFile,
  open: (range?: { start: number; end: number }) => Readable,
  cacheControl: string,
): Promise<void> {
  const lastModified = new Date(Math.floor(file.modifiedAt.getTime() / 1000) * 1000);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', file.etag);
  res.setHeader('Last-Modified', lastModified.toUTCString());
  res.setHeader('Cache-Control', cacheControl);
  // <audio>/<img> on another origin (the web player) must be allowed to embed the bytes.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');

  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const notModified = inm !== undefined ? etagMatches(inm, file.etag) : ims !== undefined && Date.parse(ims) >= lastModified.getTime();
  if (notModified) {
    res.status(304).end();
    return;
  }

  const ifRange = req.headers['if-range'];
  const rangeHeader = ifRangeHolds(Array.isArray(ifRange) ? ifRange[0] : ifRange, file.etag, lastModified) ? req.headers.range : undefined;
  const decision = decideRange(rangeHeader, file.sizeBytes);
  if (decision.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${file.sizeBytes}`);
    res.removeHeader('Cache-Control');
    res.status(416).type('application/problem+json').send(PROBLEM_416(file.sizeBytes));
    return;
  }
  const range = decision.kind === 'partial' ? decision.range : undefined;
  res.status(range ? 206 : 200);
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.sizeBytes));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(open(range), res);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A listener skipping ahead closes the connection mid-body: normal, not an error.
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE') return;
    req.log?.error({ err, key: file.key }, 'streaming failed');
    res.destroy();
  }
}
