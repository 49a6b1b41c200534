import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Container } from '../container.js';
import type { AccessClaims } from '../modules/auth/index.js';
import { StoreUnavailableError, UnauthenticatedError } from '../shared/errors.js';
import type { Actor } from '../shared/actor.js';

/** The token of `Authorization: Bearer <token>`; the scheme is case-insensitive. */
function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header ? (/^bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? null) : null;
}

/**
 * The token's signature, algorithm, issuer, audience, expiry and claims (AccessTokens.verify:
 * the signature once per token, the expiry every time); then the auth service turns the subject
 * into an actor, refusing banned and deleted accounts and ended sessions, on every request.
 * This was passport-jwt, which verified every token in full on every request: a tenth of a
 * by-id read's CPU, for checks whose answer cannot change.
 */
export function createAuthenticator(container: Container) {
  /** Resolves the request's actor or throws UnauthenticatedError. */
  return async (req: Request, _res?: unknown): Promise<void> => {
    const token = bearerToken(req);
    let claims: AccessClaims | undefined;
    try {
      claims = token === null ? undefined : container.tokens.verify(token);
      if (claims) {
        req.actor = await container.services.auth.actorFor(claims.sub, claims.sid);
        req.sessionId = claims.sid;
        return;
      }
    } catch (err) {
      // Only a credential problem is a 401: clients log their users out on it.
      if (err instanceof StoreUnavailableError) throw err;
    }
    throw new UnauthenticatedError('Missing, invalid or expired access token');
  };
}

/**
 * The bearer check of createAuthenticator for the lean streaming edge, with the token's expiry
 * (seconds since the epoch). null when the request carries no bearer token; UnauthenticatedError
 * when it carries one that does not hold.
 */
export function bearerActor(container: Container) {
  return async (req: IncomingMessage): Promise<{ actor: Actor; expiresAt: number } | null> => {
    const token = bearerToken(req);
    if (token === null) return null;
    const claims = container.tokens.verify(token);
    return { actor: await container.services.auth.actorFor(claims.sub, claims.sid), expiresAt: claims.exp! };
  };
}

const deferred = new WeakMap<Request, StoreUnavailableError>();

/**
 * An OpenAPI security handler around an authentication check. express-openapi-validator turns
 * anything a handler throws into a 401; a database that cannot answer says nothing about the
 * token, so that error is kept aside and raised by raiseDeferredUnavailable, after the validator.
 */
export function securityHandler(check: (req: Request) => Promise<void>) {
  return async (req: Request): Promise<true> => {
    try {
      await check(req);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      deferred.set(req, err);
    }
    return true;
  };
}

export const raiseDeferredUnavailable: RequestHandler = (req, _res, next) => next(deferred.get(req));
