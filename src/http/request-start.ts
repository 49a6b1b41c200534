import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from './metrics.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (`X-Request-Id`), set before any handler runs. */
    id?: string;
    /** A logger whose lines carry the request (its id, method and URL, credentials redacted). */
    log: Logger;
  }
}

type Headers = readonly (readonly [string, string | number | readonly string[]])[];

export interface RequestStartDeps {
  logger: Logger;
  metrics: Metrics;
  requestId(req: IncomingMessage, res: ServerResponse): string;
  /** helmet's headers, captured once (capturedHeaders): they do not depend on the request. */
  securityHeaders: Headers;
  cors: RequestHandler;
  /** What `cors` sets for a request without an Origin header (no browser CORS), captured once. */
  corsWithoutOrigin: Headers;
}

// apiKey, p and t are the /rest door's credentials (an API key, a password, a salted token).
const SECRET_PARAMS = ['access_token', 'sig', 'token', 'apiKey', 'p', 't'];
const SECRET_IN_URL = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&]*`, 'g');
/** The URL as logs show it: query-string credentials (SSE tokens, stream signatures, mailed links) never reach them. */
const redactedUrl = (url: string): string => url.replace(SECRET_IN_URL, '$1[redacted]');

/**
 * What every request gets before anything else: its id, a logger, the metrics observation and an
 * access log line (when the level logs requests). The logger (`req.log`) is made on first use: a
 * request that logs nothing builds none, where pino-http built a child logger with the serialised
 * request for every one. `route` labels the metrics of a handler that runs outside the routers;
 * without it the route's template is read at the end.
 */
export function beginRequest(deps: RequestStartDeps, req: IncomingMessage, res: ServerResponse, route?: string): void {
  const { logger } = deps;
  const started = performance.now();
  const id = deps.requestId(req, res);
  req.id = id;
  // As it arrived: a router mounted on a path rewrites req.url while the request is inside it.
  const url = req.url ?? '';
  let log: Logger | undefined;
  Object.defineProperty(req, 'log', {
    configurable: true,
    enumerable: false,
    get: () => (log ??= logger.child({ reqId: id, req: { method: req.method, url: redactedUrl(url) } })),
    set: (value: Logger) => (log = value),
  });
  deps.metrics.observe(req, res, route);
  if (logger.isLevelEnabled('info') && url !== '/healthz' && url !== '/metrics') {
    res.once('close', () => {
      const fields = { res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) };
      if (!res.writableFinished) req.log.info(fields, 'request aborted');
      else if (res.statusCode >= 500) req.log.error(fields, 'request errored');
      else req.log.info(fields, 'request completed');
    });
  }
}

/** helmet's headers and CORS, in one step: without an Origin header, CORS's answer is a fixed list too. */
export function setPolicyHeaders(deps: RequestStartDeps, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
  for (const [name, value] of deps.securityHeaders) res.setHeader(name, value as string | string[]);
  if (req.headers.origin === undefined && req.method !== 'OPTIONS') {
    for (const [name, value] of deps.corsWithoutOrigin) res.setHeader(name, value as string | string[]);
    return next();
  }
  deps.cors(req as Request, res as Response, next);
}

/**
 * Runs a middleware that only sets response headers (helmet; cors for a request without an
 * Origin) against a recorder, once, and returns what it set. Throws if the middleware reads
 * anything of the request but what `given` holds, so a per-request policy (a CSP nonce, say)
 * cannot be frozen by mistake.
 */
export function capturedHeaders(middleware: RequestHandler, given: Record<string, unknown> = {}): [string, string | number | readonly string[]][] {
  const headers: [string, string | number | readonly string[]][] = [];
  let nextCalled = false;
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, value]);
      return res;
    },
    removeHeader() {},
    getHeader(name: string) {
      return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    },
  };
  const req = new Proxy(given, {
    get: (target, prop) => {
      if (typeof prop === 'string' && prop in target) return target[prop];
      throw new Error(`capturedHeaders: the middleware read req.${String(prop)}`);
    },
  });
  void middleware(req as unknown as Request, res as unknown as Response, (err?: unknown) => {
    if (err) throw err;
    nextCalled = true;
  });
  if (!nextCalled) throw new Error('capturedHeaders: the middleware did not call next() synchronously');
  return headers;
}
