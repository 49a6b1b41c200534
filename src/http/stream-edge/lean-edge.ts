import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { beginRequest, setPolicyHeaders, type RequestStartDeps } from '../request-start.js';

/**
 * The edge of a hot endpoint (audio streaming), served ahead of Express (see leanPath) and of the
 * global middleware. A player sends a burst of range requests per track; through the full stack
 * each of them paid for Express's router, the OpenAPI validator and the routers' walk past
 * every other module. This edge keeps what matters for such a request and nothing else, the
 * first two through the same functions as every other request (src/http/request-start.ts):
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
