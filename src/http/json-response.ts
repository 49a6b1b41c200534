import type { Express, Response } from 'express';

type Json = (this: Response, body: unknown) => Response;

/**
 * `res.json` for the common case, as Express answers it: the body as UTF-8 JSON with its
 * Content-Type and Content-Length, a weak ETag from the app's `etag fn`, 304 when the request's
 * validators match, no body for HEAD, 204 or 304. Express's own does the same through res.send,
 * which reads back the Content-Type it has just set, parses it and writes it again with its
 * charset, and sets every header through its general `res.set`: a few per cent of a small
 * read's CPU. Anything else (a Content-Type or ETag already set, a 205, a JSON setting of the
 * app, a value JSON cannot encode) goes to Express's own.
 */
export function useLeanJson(app: Express): void {
  const express = app.response.json as Json;
  const lean: Json = function (this: Response, value: unknown) {
    const settings = this.app.settings as Record<string, unknown>;
    if (this.statusCode === 205 || this.getHeader('Content-Type') !== undefined || this.getHeader('ETag') !== undefined) return express.call(this, value);
    if (settings['json replacer'] !== undefined || settings['json spaces'] !== undefined || settings['json escape']) return express.call(this, value);
    const text = JSON.stringify(value);
    if (text === undefined) return express.call(this, value);
    const body = Buffer.from(text, 'utf8');
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    this.setHeader('Content-Length', body.length);
    const etag = settings['etag fn'] as ((body: Buffer) => string | undefined) | undefined;
    const tag = etag?.(body);
    if (tag) this.setHeader('ETag', tag);
    if (this.req.fresh) this.statusCode = 304;
    if (this.statusCode === 204 || this.statusCode === 304) {
      this.removeHeader('Content-Type');
      this.removeHeader('Content-Length');
      this.removeHeader('Transfer-Encoding');
      this.end();
    } else if (this.req.method === 'HEAD') this.end();
    else this.end(body);
    return this;
  };
  app.response.json = lean as Response['json'];
}
