import jwt from 'jsonwebtoken';
import { AccessTokens } from '../../src/modules/auth/index.js';
import { UnauthenticatedError } from '../../src/shared/errors.js';

const opts = { secret: 'x'.repeat(40), issuer: 'i', audience: 'a', ttlSeconds: 900 };

/** Runs fn with Date.now() returning `ms` (jsonwebtoken reads the time from Date.now()). */
function at<T>(ms: number, fn: () => T): T {
  const real = Date.now;
  Date.now = () => ms;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

describe('AccessTokens.verify, which remembers the tokens it verified', () => {
  it('answers a token it verified before with the same claims', () => {
    const tokens = new AccessTokens(opts);
    const token = tokens.sign({ sub: 'u1', role: 'listener', sid: 's1' });
    const exp = Math.floor(Date.now() / 1000) + opts.ttlSeconds;
    const first = tokens.verify(token);
    expect(first).toEqual({ sub: 'u1', role: 'listener', sid: 's1', exp: expect.any(Number) });
    expect(Math.abs(first.exp! - exp)).toBeLessThanOrEqual(1);
    expect(tokens.verify(token)).toEqual(first);
  });

  it('still refuses a tampered token after the genuine one was verified', () => {
    const tokens = new AccessTokens(opts);
    const token = tokens.sign({ sub: 'u1', role: 'listener' });
    tokens.verify(token);
    const [head, body, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(() => tokens.verify(`${head}.${forgedBody}.${sig}`)).toThrow(UnauthenticatedError);
    const flipped = `${head}.${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => tokens.verify(flipped)).toThrow(UnauthenticatedError);
    const otherKey = jwt.sign({ role: 'admin' }, 'y'.repeat(40), { algorithm: 'HS256', subject: 'u1', issuer: 'i', audience: 'a', expiresIn: 900 });
    expect(() => tokens.verify(otherKey)).toThrow(UnauthenticatedError);
    expect(tokens.verify(token).role).toBe('listener');
  });

  it('checks the expiry of a remembered token on every call', () => {
    const tokens = new AccessTokens(opts);
    const now = Date.now();
    const token = at(now, () => tokens.sign({ sub: 'u1', role: 'listener' }));
    expect(at(now, () => tokens.verify(token)).sub).toBe('u1');
    expect(at(now + 899_000, () => tokens.verify(token)).sub).toBe('u1');
    expect(() => at(now + 901_000, () => tokens.verify(token))).toThrow(UnauthenticatedError);
    // Expired stays expired (nothing is answered from memory once it lapsed).
    expect(() => at(now + 901_000, () => tokens.verify(token))).toThrow(UnauthenticatedError);
  });

  it('does not remember a failure: a token refused before it was valid passes once it is', () => {
    const tokens = new AccessTokens(opts);
    const now = Math.floor(Date.now() / 1000);
    const later = jwt.sign({ role: 'listener', nbf: now + 60 }, 'x'.repeat(40), { algorithm: 'HS256', subject: 'u2', issuer: 'i', audience: 'a', expiresIn: 900 });
    expect(() => tokens.verify(later)).toThrow(UnauthenticatedError);
    expect(at((now + 61) * 1000, () => tokens.verify(later)).sub).toBe('u2');
    // A token with nbf is verified in full every time: before nbf it is refused again.
    expect(() => at(now * 1000, () => tokens.verify(later))).toThrow(UnauthenticatedError);
  });
});

describe('AccessTokens.remember and recall, for tokens passport-jwt verified', () => {
  it('recalls only the very token remembered, and only until it expires', () => {
    const tokens = new AccessTokens(opts);
    const now = Date.now();
    const token = at(now, () => tokens.sign({ sub: 'u1', role: 'listener', sid: 's1' }));
    expect(tokens.recall(token)).toBeNull();
    const payload = jwt.decode(token);
    expect(tokens.remember(token, payload)).toEqual({ sub: 'u1', role: 'listener', sid: 's1', exp: expect.any(Number) });
    expect(at(now, () => tokens.recall(token))?.sid).toBe('s1');
    expect(tokens.recall(`${token}x`)).toBeNull();
    expect(at(now + 901_000, () => tokens.recall(token))).toBeNull();
    // Forgotten once expired: a later call with the clock turned back does not bring it back.
    expect(at(now, () => tokens.recall(token))).toBeNull();
  });
});
