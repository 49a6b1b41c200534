import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import expressFormidable, { type FormidableFile } from 'express-formidable';
import { InvalidError, TooLargeError } from '../shared/errors.js';

/** A file the panel's parser wrote for the request being handled. */
export interface PanelUpload {
  path: string;
  name: string;
  type: string;
  size: number;
}

export interface PanelUploadLimits {
  maxFileSize: number;
  maxFieldsSize: number;
}

/**
 * The panel's body parser and the only way its resources get at uploaded files.
 *
 * Files are written into `dir` (the storage's staging folder, swept at start) as
 * `upload_<uuid>`, mode 0600, and each file in `req.files` is replaced by an opaque random
 * token. A resource turns a form value into a file only through take(), which knows only the
 * tokens of requests in flight: a value a client typed (`audioFile.path=/etc/passwd`, a JSON
 * object shaped like a file) is never a path the server opens. Every file the request wrote
 * is removed before its answer goes out, whatever the outcome.
 *
 * AdminJS adds express-formidable itself; that instance sees the request already parsed and
 * steps aside.
 */
export class PanelUploads {
  private readonly inFlight = new Map<string, PanelUpload>();

  constructor(
    readonly dir: string,
    private readonly limits: PanelUploadLimits,
  ) {}

  /** The upload a form value stands for, if this parser wrote it for a request still in flight. */
  take(value: unknown): PanelUpload | undefined {
    return typeof value === 'string' ? this.inFlight.get(value) : undefined;
  }

  parser(): RequestHandler {
    return (req, res, next) => {
      const written: string[] = [];
      const tokens: string[] = [];
      this.removeBeforeAnswer(res, async () => {
        for (const token of tokens) this.inFlight.delete(token);
        await Promise.all(written.map((file) => fsp.rm(file, { force: true })));
      });
      const onFileBegin = (_req: Request, _res: Response, _next: unknown, _field: string, file: FormidableFile) => {
        file.path = path.join(this.dir, `upload_${randomUUID()}`);
        written.push(file.path);
        // Created here so the bytes are never readable by others; formidable then opens it with 'w', keeping the mode.
        try {
          fs.mkdirSync(this.dir, { recursive: true });
          fs.closeSync(fs.openSync(file.path, 'wx', 0o600));
        } catch {
          // formidable's own open fails the same way and reports it as the request's error.
        }
      };
      // Nobody signed in uploads anything: the sign-in form has no file.
      const signedIn = Boolean(req.session?.adminUser);
      const maxFileSize = signedIn ? this.limits.maxFileSize : 0;
      const parse = expressFormidable(
        { uploadDir: this.dir, multiples: false, maxFieldsSize: this.limits.maxFieldsSize, maxFileSize },
        [{ event: 'fileBegin', action: onFileBegin }],
      );
      let answered = false;
      // formidable 1.x reports a failed parse both as an event and to the callback.
      parse(req, res, (err?: unknown) => {
        if (answered) return;
        answered = true;
        if (err) return next(this.parseError(err, maxFileSize));
        const files = (req as Request & { files?: Record<string, FormidableFile> }).files ?? {};
        for (const [field, file] of Object.entries(files)) {
          const token = randomBytes(24).toString('base64url');
          tokens.push(token);
          this.inFlight.set(token, { path: file.path, name: file.name ?? '', type: file.type ?? '', size: file.size });
          (files as Record<string, unknown>)[field] = token;
        }
        next();
      });
    };
  }

  /** formidable's errors are plain Errors told apart by their text; a broken form is the client's fault, not a 500. */
  private parseError(err: unknown, maxFileSize: number): Error {
    const message = err instanceof Error ? err.message : String(err);
    if (/^maxFileSize/.test(message)) {
      if (maxFileSize === 0) return new TooLargeError('Files are taken only from signed-in users');
      return new TooLargeError(`The file is larger than the limit of ${Math.floor(maxFileSize / (1024 * 1024))} MB`);
    }
    if (/^maxFieldsSize/.test(message)) return new TooLargeError('The form fields are too large');
    return new InvalidError('The form could not be read', [{ path: 'body', message: 'is not a readable form' }]);
  }

  /**
   * Runs `cleanUp` before the answer's last bytes are sent (so a client holding its answer finds
   * no file left), or when the connection closes first.
   */
  private removeBeforeAnswer(res: Response, cleanUp: () => Promise<void>): void {
    let done: Promise<void> | undefined;
    const once = () => (done ??= cleanUp().catch(() => undefined));
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      void once().then(() => end(...args));
      return res;
    }) as Response['end'];
    res.once('close', () => void once());
  }
}
