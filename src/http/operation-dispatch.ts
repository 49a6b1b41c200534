import type { ErrorRequestHandler, Express, Request, RequestHandler, Response, Router } from 'express';
import { beginRequest, setPolicyHeaders, type RequestStartDeps } from './request-start.js';
import { runSteps, type OpenApiValidation } from './openapi-validation.js';
import { adopter, serveAhead } from './ahead.js';

type Done = (err?: unknown) => void;
interface Route {
  path: unknown;
  methods: Record<string, boolean | undefined>;
  dispatch(req: Request, res: Response, done: Done): void;
}
interface Layer {
  route?: Route;
  slash?: boolean;
  handle: { stack?: Layer[] };
}

/**
 * The routes of a router whose layers are routers mounted at the root holding only routes, by
 * method and Express path (`GET /api/tracks/:trackId`). Null when some layer is anything else (a
 * middleware a direct dispatch would skip, a router mounted on a path); a method and path that two
 * routes both answer is left out, since Express would try both.
 */
export function routeIndex(router: Router): Map<string, Route> | null {
  const index = new Map<string, Route | null>();
  for (const outer of (router as unknown as { stack: Layer[] }).stack) {
    if (!outer.slash || !outer.handle.stack) return null;
    for (const layer of outer.handle.stack) {
      const route = layer.route;
      if (!route || typeof route.path !== 'string' || route.methods._all) return null;
      for (const [method, on] of Object.entries(route.methods)) {
        if (!on) continue;
        const key = `${method.toUpperCase()} ${route.path}`;
        index.set(key, index.has(key) ? null : route);
      }
    }
  }
  return new Map([...index].filter((e): e is [string, Route] => e[1] !== null));
}

export interface OperationDispatchDeps {
  start: RequestStartDeps;
  validation: OpenApiValidation;
  /** The steps the app runs between its body parsers and the validator, and between the validator and the routers. */
  before: RequestHandler[];
  after: RequestHandler[];
  routers: Router;
  /** What the app answers when no route takes a request. */
  notFound: RequestHandler;
  errors: ErrorRequestHandler;
}

const expressPath = (template: string) => template.replace(/\{(\w+)\}/g, ':$1');

/**
 * GET requests of the API, dispatched to their route without Express's router. Express walks every
 * app-level middleware and every module's router layer by layer for each request (a dozen layers,
 * then a hundred routes' regular expressions, with a closure and parameter processing at each
 * step): for a small read, as much CPU as everything else the server does for it. Here a GET
 * without a body whose path can be only one of the document's paths, answered by exactly one
 * route, runs the same steps the app would run, in the same order, and nothing else:
 * request start (id, logger, metrics, access log), helmet's headers and CORS, the unsafe-text
 * check, the OpenAPI validator (its security handlers authenticate), the deferred store error,
 * the route, and the problem mapper for any error. The app's other middleware only concerns
 * requests that never come here (bodies, the panel, health, schema, account pages, /rest).
 * Everything else (another method, a body or a Content-Type, a path shared by two operations)
 * goes through Express as before.
 */
export function dispatchOperationsAhead(app: Express, deps: OperationDispatchDeps): void {
  const index = routeIndex(deps.routers);
  if (!index || index.size === 0) return;
  const { validation } = deps;
  const known = new Map<string, { route: Route; steps: RequestHandler[] } | null>();
  const operationOf = (candidates: string[]) => {
    if (candidates.length !== 1) return null;
    const template = candidates[0]!;
    let op = known.get(template);
    if (op === undefined) {
      const route = index.get(`GET ${expressPath(template)}`);
      op = route ? { route, steps: [...deps.before, ...validation.handlersFor(candidates), ...deps.after] } : null;
      known.set(template, op);
    }
    return op;
  };
  const adopt = adopter(app);
  serveAhead(app, (req, res) => {
    const url = req.url;
    if (req.method !== 'GET' || !url?.startsWith('/api/')) return false;
    const h = req.headers;
    if (h['content-type'] !== undefined || h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0')) return false;
    const q = url.indexOf('?');
    const op = operationOf(validation.candidates(q < 0 ? url : url.slice(0, q)));
    if (!op) return false;
    adopt(req, res);
    serve(deps, op.route, op.steps, req as Request, res as Response);
    return true;
  });
}

function serve(deps: OperationDispatchDeps, route: Route, steps: RequestHandler[], req: Request, res: Response): void {
  req.originalUrl = req.url;
  req.baseUrl = '';
  const fail = (err: unknown) => deps.errors(err, req, res, () => undefined);
  beginRequest(deps.start, req, res);
  setPolicyHeaders(deps.start, req, res, (err) => {
    if (err) return fail(err);
    runSteps(steps, req, res, (err) => {
      if (err) return fail(err);
      route.dispatch(req, res, (err) => (err ? fail(err) : void deps.notFound(req, res, fail)));
    });
  });
}
