import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from './metrics.js';

/**
 * The edge of a hot endpoint (audio streaming) that is mounted ahead of the global middleware.
 * A player sends a burst of range requests per track; through the full stack each of them paid
 * for the OpenAPI validator (which compiles its path patterns per request), pino-http's child
 * logger and serializers, and the routers' walk past every other module. This edge keeps what
 * matters for such a request and nothing else:
 *  - the request id (`X-Request-Id`, echoed when valid) and the problem+json error mapping;
 *  - the security headers helmet sends everywhere else, captured once from the same helmet
 *    instance (so they cannot drift) and set as a fixed list;
 *  - CORS, through the same middleware as the rest of the API;
 *  - metrics under the route's template, and an access log line when the level logs requests.
 * The handler itself does what the validator would have done for it (parameters, credentials).
 */
export interface LeanRouteDeps {
  logger: Logger;
  metrics: Metrics;
  /** The route label for metrics and logs, as the OpenAPI document names it. */
  route: string;
  securityHeaders: Headers;
  cors: RequestHandler;
  /** What `cors` sets for a request without an Origin header (no browser CORS): captured once. */
  corsWithoutOrigin: Headers;
  requestId(req: Request, res: Response): string;
  errors: ErrorRequestHandler;
}

type Headers = readonly (readonly [string, string | number | readonly string[]])[];

const redactUrl = (url: string) => url.replace(/([?&](?:access_token|sig)=)[^&]*/g, '$1[redacted]');

export function leanRoute(deps: LeanRouteDeps, handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  const { logger, metrics, route, securityHeaders, cors, corsWithoutOrigin, requestId, errors } = deps;
  return (req, res) => {
    const started = performance.now();
    const id = requestId(req, res);
    (req as { id?: string }).id = id;
    // Handlers and the problem mapper log through req.log, as on every other route.
    req.log = logger;
    for (const [name, value] of securityHeaders) res.setHeader(name, value as string | string[]);
    metrics.observe(req, res, route);
    if (logger.isLevelEnabled('info')) {
      res.once('close', () => {
        const fields = { reqId: id, req: { method: req.method, url: redactUrl(req.originalUrl) }, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) };
        if (!res.writableFinished) logger.info(fields, 'request aborted');
        else if (res.statusCode >= 500) logger.error(fields, 'request errored');
        else logger.info(fields, 'request completed');
      });
    }
    const fail = (err: unknown) => errors(err, req, res, () => undefined);
    if (req.headers.origin === undefined) {
      for (const [name, value] of corsWithoutOrigin) res.setHeader(name, value as string | string[]);
      handler(req, res).catch(fail);
      return;
    }
    cors(req, res, (err?: unknown) => {
      if (err) return fail(err);
      handler(req, res).catch(fail);
    });
  };
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
