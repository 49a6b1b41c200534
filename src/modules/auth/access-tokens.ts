import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../../shared/actor.js';
import { UnauthenticatedError } from '../../shared/errors.js';

export interface AccessClaims {
  sub: string;
  role: Role;
  /** The refresh-token family this access token came from: "this session". */
  sid?: string;
  /** Expiry in seconds since the epoch, as verify() read it (sign() sets its own). */
  exp?: number;
}

export interface AccessTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export const ACCESS_ALGORITHM = 'HS256' as const;

/** Tokens remembered as verified: a few MB at most (a token is a few hundred bytes). */
const VERIFIED_MAX = 10_000;

/** Short-lived JWTs: HS256 only, and exp, iss and aud always present and checked. */
export class AccessTokens {
  /** Built once: jsonwebtoken would otherwise derive a key object from the string on every call. */
  private readonly key: KeyObject;
  /**
   * Tokens that passed verify(), with their claims and expiry. A player sends many range requests
   * with one token; whether its signature, algorithm, issuer, audience and claims hold cannot
   * change, so they are checked once per token (a tenth of a bearer stream request's CPU) and
   * only its expiry every time. Keyed by the whole token: any other string, a tampered one
   * included, is verified in full, and failures are never kept. Bounded: the oldest goes first.
   */
  private readonly verified = new Map<string, AccessClaims & { exp: number }>();

  constructor(private readonly opts: AccessTokenOptions) {
    this.key = createSecretKey(Buffer.from(opts.secret, 'utf8'));
  }

  get ttlSeconds() {
    return this.opts.ttlSeconds;
  }

  sign(claims: AccessClaims): string {
    return jwt.sign({ role: claims.role, sid: claims.sid }, this.key, {
      algorithm: ACCESS_ALGORITHM,
      subject: claims.sub,
      issuer: this.opts.issuer,
      audience: this.opts.audience,
      expiresIn: this.opts.ttlSeconds,
    });
  }

  verify(token: string): AccessClaims {
    const known = this.recall(token);
    if (known) return known;
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: [ACCESS_ALGORITHM],
        issuer: this.opts.issuer,
        audience: this.opts.audience,
      });
    } catch {
      throw new UnauthenticatedError('Invalid or expired access token');
    }
    return this.remember(token, payload);
  }

  /** The claims of a token verified before, while it has not expired; null otherwise. Verifies nothing itself. */
  recall(token: string): (AccessClaims & { exp: number }) | null {
    const known = this.verified.get(token);
    if (!known) return null;
    // jsonwebtoken's own test: expired once the current whole second reaches exp.
    if (Math.floor(Date.now() / 1000) < known.exp) return known;
    this.verified.delete(token);
    return null;
  }

  /**
   * Remembers a token that has just passed jsonwebtoken's verification with these options
   * (verify() here, or passport-jwt for the API), and returns its claims.
   */
  remember(token: string, payload: unknown): AccessClaims & { exp: number } {
    const claims = AccessTokens.checkPayload(payload);
    // A token with nbf is left out: it is not needed here (sign() never sets one) and would need
    // its own check.
    if ((payload as jwt.JwtPayload).nbf === undefined) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, Object.freeze(claims));
    }
    return claims;
  }

  /** passport-jwt verifies the signature; the claims we insist on are checked here for both paths. */
  static checkPayload(payload: unknown): AccessClaims & { exp: number } {
    const p = payload as jwt.JwtPayload;
    if (typeof p !== 'object' || p === null || typeof p.exp !== 'number' || typeof p.sub !== 'string') {
      throw new UnauthenticatedError('Invalid access token');
    }
    return { sub: p.sub, role: p.role as Role, sid: typeof p.sid === 'string' ? p.sid : undefined, exp: p.exp };
  }

  get verifyOptions() {
    return { secret: this.key, issuer: this.opts.issuer, audience: this.opts.audience, algorithms: [ACCESS_ALGORITHM] };
  }
}
