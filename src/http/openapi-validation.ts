import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

type Options = Omit<Parameters<typeof OpenApiValidator.middleware>[0], 'apiSpec'>;
type Doc = { paths?: Record<string, unknown>; [k: string]: unknown };

/** A path of the document split in segments, a parameter segment as null: /api/tracks/{trackId} → api, tracks, null. */
interface Template {
  path: string;
  segments: (string | null)[];
}

const segmentsOf = (path: string): string[] => {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
};

/**
 * The document's paths a request path could be, compared as express-openapi-validator compares
 * them or more loosely: literal segments without regard to case, a parameter any non-empty
 * segment, one trailing slash ignored. Every path of the document fills whole segments with its
 * parameters, so the library cannot match a request to a path outside this list.
 */
export function pathMatcher(paths: string[]): (requestPath: string) => string[] {
  const bySize = new Map<number, Template[]>();
  for (const path of paths) {
    const segments = segmentsOf(path).map((s) => (/^\{[^}]+\}$/.test(s) ? null : s.toLowerCase()));
    const list = bySize.get(segments.length) ?? [];
    list.push({ path, segments });
    bySize.set(segments.length, list);
  }
  return (requestPath) => {
    const given = segmentsOf(requestPath);
    const found: string[] = [];
    for (const t of bySize.get(given.length) ?? []) {
      if (t.segments.every((s, i) => (s === null ? given[i] !== '' : s === given[i]!.toLowerCase()))) found.push(t.path);
    }
    return found;
  };
}

export interface OpenApiValidation {
  /** The validator's middleware for any request. */
  middleware: RequestHandler;
  /** The document's paths a request path could be (see pathMatcher). */
  candidates(requestPath: string): string[];
  /** The validator's steps for a request whose path could be only these paths. */
  handlersFor(candidates: string[]): RequestHandler[];
}

/** Runs middleware functions in turn, as Express would, then `next`; a throw or next(err) goes to `next`. */
export function runSteps(handlers: readonly RequestHandler[], req: Request, res: Response, next: NextFunction): void {
  let i = 0;
  const step = (err?: unknown) => {
    if (err) return next(err);
    const handler = handlers[i++];
    if (!handler) return next();
    try {
      void handler(req, res, step);
    } catch (e) {
      next(e);
    }
  };
  step();
}

/**
 * express-openapi-validator finds a request's operation by compiling a matcher for every path of
 * its document and trying them in turn, on every request: with 66 paths, the largest share of a
 * small read's CPU after the socket writes. Here a request first finds the paths it could be
 * (usually one, see pathMatcher), and goes to a validator holding the whole document but only
 * those paths, so the library's own lookup (which decides, as before) compiles one or two. A
 * request matching no path goes to a validator of the whole document, which answers it exactly
 * as before (404). Each validator is built on the first request that needs it; the options are
 * the same for all.
 */
export function openApiValidation(document: Doc, options: Options): OpenApiValidation {
  const paths = document.paths ?? {};
  const candidates = pathMatcher(Object.keys(paths));
  const built = new Map<string, RequestHandler[]>();
  const handlersFor = (found: string[]): RequestHandler[] => {
    const key = found.join('\n');
    let handlers = built.get(key);
    if (!handlers) {
      const subset = found.length ? Object.fromEntries(found.map((p) => [p, paths[p]])) : null;
      handlers = OpenApiValidator.middleware({ ...options, apiSpec: (subset ? { ...document, paths: subset } : document) as never }) as RequestHandler[];
      built.set(key, handlers);
    }
    return handlers;
  };
  return {
    candidates,
    handlersFor,
    middleware: (req, res, next) => runSteps(handlersFor(candidates(req.path)), req, res, next),
  };
}
