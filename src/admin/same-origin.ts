import type { Request, RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a request says it came from: Origin, else the Referer's origin; null when neither says. */
function claimedOrigin(req: Request): string | null {
  const origin = req.get('origin');
  if (origin) return origin;
  const referer = req.get('referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * The panel's defence against cross-site requests. Its session cookie is SameSite=Lax, which
 * still rides along on a top-level navigation from another site (and on any request from a
 * sibling subdomain), so:
 *
 * - a state change (anything but GET/HEAD/OPTIONS) must name this site as its origin, through
 *   Origin or Referer (the panel's pages send both: see its Referrer-Policy), and must not be
 *   marked cross-site or same-site by Sec-Fetch-Site; a request that names no origin is refused;
 * - GETs change nothing (actions check the method), and the two that would have an effect if
 *   followed from a link elsewhere, signing out and the JSON API, refuse a cross-site fetch.
 *
 * The site is the Host the request was sent to (what the browser put there, not something a
 * page on another site can choose) or PUBLIC_URL's origin.
 */
export function sameOriginOnly(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, res, next) => {
    const site = req.get('sec-fetch-site');
    const fromElsewhere = site === 'cross-site' || site === 'same-site';
    if (SAFE_METHODS.has(req.method)) {
      if (fromElsewhere && (req.path === '/logout' || req.path.startsWith('/api/'))) return refuse(res);
      return next();
    }
    const origin = claimedOrigin(req);
    const ours = origin !== null && (origin === publicOrigin || hostOf(origin) === req.get('host'));
    if (ours && !fromElsewhere && site !== 'none') return next();
    return refuse(res);
  };
}

function refuse(res: Parameters<RequestHandler>[1]): void {
  res.status(403).type('text/plain').send('Cross-site request refused');
}
