import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { beginRequest, setPolicyHeaders, type RequestStartDeps } from '../request-start.js';

/**
 * The edge of a hot endpoint (audio streaming), served ahead of Express (see leanPath) and of the
 * global middleware. A player sends a burst of range requests per track; through the full stack
 * each of them paid for Express's router, the OpenAPI validator and the routers' walk past
 * every other module. This edge keeps what matters for
 * such a request and nothing else, the first two through the same functions as every other
 * request (src/http/request-start.ts):
 *  - the request id (`X-Request-Id`, echoed when valid), the logger, metrics under the route's
 *    template and an access log line when the level logs requests;
 *  - helmet's security headers and CORS;
 *  - the problem+json error mapping.
 * The handler itself does what the validator would have done for it (parameters, credentials).
 * It works on Node's request and response; only an error, which goes through the same problem
 * mapper as every other route, turns them into Express's (`adopt`).
 */
export interface LeanRouteDeps {
  start: RequestStartDeps;
  /** The route label for metrics and logs, as the OpenAPI document names it. */
  route: string;
  errors: ErrorRequestHandler;
  /** Makes Node's request and response Express's, as Express does for every request it handles. */
  adopt(req: IncomingMessage, res: ServerResponse): void;
}

/** The route's path parameters: always from the URL, decoded (see leanPath). */
export type LeanParams = Record<string, string>;
export type LeanHandler = (req: IncomingMessage, res: ServerResponse, params: LeanParams) => Promise<void>;
export type LeanEdge = (req: IncomingMessage, res: ServerResponse, params: LeanParams) => void;

export function leanRoute(deps: LeanRouteDeps, handler: LeanHandler): LeanEdge {
  const { start, route, errors, adopt } = deps;
  return (req, res, params) => {
    beginRequest(start, req, res, route);
    const fail = (err: unknown) => {
      adopt(req, res);
      errors(err, req as Request, res as Response, () => undefined);
    };
    setPolicyHeaders(start, req, res, (err?: unknown) => {
      if (err) return fail(err);
      handler(req, res, params).catch(fail);
    });
  };
}

/**
 * The path of a lean route, matched on the raw request ahead of Express: `/api/tracks/{trackId}/stream`
 * and GET or HEAD. Express's router, with its layer walk, regular expressions, parameter hooks
 * and prototype swaps, cost as much CPU per stream request as everything else Node did for it
 * when nginx sends the bytes. Only the plain spelling is matched here: the exact case, no
 * trailing slash, and a parameter without `%`, so it needs no decoding. Express's route for
 * the same path stays mounted and answers every other spelling (case-insensitive, trailing
 * slash, encoded characters, undecodable ones) as it always did.
 * Returns the parameters when the request is for this route, else null.
 */
export function leanPath(template: string, methods: readonly string[]): (req: IncomingMessage) => LeanParams | null {
  const m = /^([^{}]*)\{(\w+)\}([^{}]*)$/.exec(template);
  if (!m) throw new Error(`leanPath: one {parameter} expected in ${template}`);
  const [, before, name, after] = m as unknown as [string, string, string, string];
  return (req) => {
    const url = req.url;
    if (url === undefined || !url.startsWith(before) || !methods.includes(req.method ?? '')) return null;
    const end = url.indexOf('/', before.length);
    if (end <= before.length || !url.startsWith(after, end)) return null;
    const rest = url.length - end - after.length;
    if (rest !== 0 && url.charCodeAt(end + after.length) !== 63 /* ? */) return null;
    const value = url.slice(before.length, end);
    if (value.includes('%') || value.includes('?')) return null;
    return { [name]: value };
  };
}

/**
 * Lets `lean` answer requests before the Express app sees them: whatever it does not take
 * (returns false for) goes on to Express untouched. Express's app function passes every request
 * to app.handle, whether the app was given to http.createServer, app.listen or supertest, so
 * this is the one place that covers them all.
 */
export function serveAhead(app: Express, lean: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const expressApp = app as unknown as { handle(req: IncomingMessage, res: ServerResponse, next?: unknown): void };
  const handle = expressApp.handle.bind(app);
  expressApp.handle = (req, res, next) => {
    if (!lean(req, res)) handle(req, res, next);
  };
}

/**
 * Makes Node's request and response Express's, as Express's app.handle does to every request it
 * is given, for a request answered ahead of it.
 */
export function adopter(app: Express): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (Object.getPrototypeOf(res) === app.response) return;
    (req as Request).res = res as Response;
    (res as Response).req = req as Request;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    (res as Response).locals ??= Object.create(null) as Response['locals'];
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
