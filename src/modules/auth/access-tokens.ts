import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../../shared/actor.js';
import { UnauthenticatedError } from '../../shared/errors.js';

export interface AccessClaims {
  sub: string;
  role: Role;
  /** The refresh-token family this access token came from: "this session". */
  sid?: string;
}

export interface AccessTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export const ACCESS_ALGORITHM = 'HS256' as const;

/** Short-lived JWTs: HS256 only, and exp, iss and aud always present and checked. */
export class AccessTokens {
  /** Built once: jsonwebtoken would otherwise derive a key object from the string on every call. */
  private readonly key: KeyObject;

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
    return AccessTokens.checkPayload(payload);
  }

  /** passport-jwt verifies the signature; the claims we insist on are checked here for both paths. */
  static checkPayload(payload: unknown): AccessClaims {
    const p = payload as jwt.JwtPayload;
    if (typeof p !== 'object' || p === null || typeof p.exp !== 'number' || typeof p.sub !== 'string') {
      throw new UnauthenticatedError('Invalid access token');
    }
    return { sub: p.sub, role: p.role as Role, sid: typeof p.sid === 'string' ? p.sid : undefined };
  }

  get verifyOptions() {
    return { secret: this.key, issuer: this.opts.issuer, audience: this.opts.audience, algorithms: [ACCESS_ALGORITHM] };
  }
}
