import type { IncomingMessage } from 'node:http';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { Request, RequestHandler, Response } from 'express';
import type { Container } from '../container.js';
import { AccessTokens } from '../modules/auth/index.js';
import { StoreUnavailableError, UnauthenticatedError } from '../shared/errors.js';
import type { Actor } from '../shared/actor.js';

/** An Authorization header that is exactly a bearer token: passport-jwt reads the same token from it. */
const BEARER = /^bearer\s+(\S+)$/i;

/**
 * passport-jwt checks signature, algorithm, issuer, audience and expiry; the auth service
 * then turns the subject into an actor, refusing banned and deleted accounts and ended sessions.
 * A token passport-jwt has verified is remembered with its claims (AccessTokens.remember, the
 * cache the streaming edge uses too): the next request with the same token skips the signature
 * and claim checks, which cannot change, while its expiry is checked every time and the account
 * and session check runs on every request as before.
 */
export function createAuthenticator(container: Container) {
  const auth = new passport.Passport();
  const { secret, issuer, audience, algorithms } = container.tokens.verifyOptions;
  const actorOf = async (claims: { sub: string; sid?: string }) => ({ actor: await container.services.auth.actorFor(claims.sub, claims.sid), sessionId: claims.sid });
  auth.use(
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject: jsonwebtoken accepts it, and it spares a key derivation per request.
        secretOrKey: secret as unknown as string,
        issuer,
        audience,
        algorithms,
        jsonWebTokenOptions: { algorithms, issuer, audience },
        passReqToCallback: true,
      },
      (req: Request, payload: unknown, done: (err: unknown, user?: unknown) => void) => {
        Promise.resolve()
          .then(async () => {
            const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
            return actorOf(token ? container.tokens.remember(token, payload) : AccessTokens.checkPayload(payload));
          })
          // Only a credential problem is a 401: clients log their users out on it.
          .then((user) => done(null, user), (err: unknown) => (err instanceof StoreUnavailableError ? done(err) : done(null, false)));
      },
    ),
  );

  /** Resolves the request's actor or throws UnauthenticatedError. */
  return async (req: Request, res: Response): Promise<void> => {
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    const known = token ? container.tokens.recall(token) : null;
    if (known) {
      try {
        const user = await actorOf(known);
        req.actor = user.actor;
        req.sessionId = user.sessionId;
        return;
      } catch (err) {
        if (err instanceof StoreUnavailableError) throw err;
        throw new UnauthenticatedError('Missing, invalid or expired access token');
      }
    }
    return new Promise((resolve, reject) => {
      auth.authenticate('jwt', { session: false }, (err: unknown, user: { actor: never; sessionId?: string } | false) => {
        if (err instanceof StoreUnavailableError) return reject(err);
        if (err || !user) return reject(new UnauthenticatedError('Missing, invalid or expired access token'));
        req.actor = user.actor;
        req.sessionId = user.sessionId;
        resolve();
      })(req, res, () => undefined);
    });
  };
}

/**
 * The bearer check of createAuthenticator without passport, for the lean streaming edge: the
 * same token verification (signature, algorithm, issuer, audience, expiry, claims) and the same
 * account check, with the token's expiry (seconds since the epoch). null when the request carries
 * no bearer token; UnauthenticatedError when it carries one that does not hold.
 */
export function bearerActor(container: Container) {
  return async (req: IncomingMessage): Promise<{ actor: Actor; expiresAt: number } | null> => {
    const header = req.headers.authorization;
    if (!header) return null;
    // passport-jwt's fromAuthHeaderAsBearerToken: the scheme is case-insensitive.
    const m = /^bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return null;
    const claims = container.tokens.verify(m[1]!);
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
