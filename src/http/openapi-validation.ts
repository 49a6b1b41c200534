import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

type Options = Omit<Parameters<typeof OpenApiValidator.middleware>[0], 'apiSpec'>;
type Doc = { paths?: Record<string, unknown>; [k: string]: unknown };

/** A path's first two segments, the area it belongs to: /api/tracks/{trackId} → /api/tracks. */
const areaOf = (path: string): string => {
  const first = path.indexOf('/', 1);
  const second = first < 0 ? -1 : path.indexOf('/', first + 1);
  return (second < 0 ? path : path.slice(0, second)).toLowerCase();
};

/**
 * express-openapi-validator finds a request's operation by compiling a matcher for every path of
 * its document and trying them in turn, on every request: with 65 paths, about a twentieth of a
 * by-id read's CPU. Here each area (the paths sharing their first two segments, all written out
 * in the document) gets a validator of its own, holding the whole document but that area's paths,
 * so the lookup tries a handful. A request outside every area goes to a validator of the whole
 * document, which answers it exactly as before (404, 405). Each validator is built on the area's
 * first request; the options are the same for all.
 */
export function openApiValidation(document: Doc, options: Options): RequestHandler {
  const areas = new Map<string, Record<string, unknown>>();
  const entries = Object.entries(document.paths ?? {});
  // A path with a parameter in its first two segments could match a request of any area.
  const everywhere = entries.filter(([path]) => areaOf(path).includes('{'));
  for (const [path, item] of entries) {
    const area = areaOf(path);
    if (area.includes('{')) continue;
    const paths = areas.get(area) ?? Object.fromEntries(everywhere);
    paths[path] = item;
    areas.set(area, paths);
  }
  const built = new Map<string, RequestHandler[]>();
  const validatorOf = (area: string): RequestHandler[] => {
    const paths = areas.get(area);
    const key = paths ? area : '';
    let handlers = built.get(key);
    if (!handlers) {
      handlers = OpenApiValidator.middleware({ ...options, apiSpec: (paths ? { ...document, paths } : document) as never }) as RequestHandler[];
      built.set(key, handlers);
    }
    return handlers;
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const handlers = validatorOf(areaOf(req.path));
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
  };
}
