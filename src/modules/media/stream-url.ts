import { createHmac, timingSafeEqual } from 'node:crypto';

const GENUINE_MAX = 10_000;

/** What a signed URL may fix besides the track: the encoding and bitrate it streams. */
export interface StreamVariant {
  format?: string;
  bitrate?: string | number;
}

/**
 * Signed stream URLs let an `<audio src>` play without a bearer header. The signature covers
 * the track, the user it was issued to, the expiry and the variant (format and bitrate) when
 * there is one, under a key derived from the JWT secret (a separate purpose, so a stream
 * signature can never pass as anything else). A URL without a variant signs what it always did.
 */
export class StreamUrlSigner {
  private readonly key: Buffer;
  /**
   * Signatures already found genuine. A player sends many range requests with one URL; whether
   * its signature is genuine cannot change, so the HMAC is computed once per URL (expiry is
   * still checked every time). Bounded: cleared when full.
   */
  private readonly genuine = new Set<string>();

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('rhythmo stream-url v1').digest();
  }

  sign(trackId: string, userId: string, expires: number, variant: StreamVariant = {}): string {
    return createHmac('sha256', this.key).update(`${trackId}\n${userId}\n${expires}${variantPart(variant)}`).digest('base64url');
  }

  /** The user id when the signature is genuine and unexpired, else null. */
  verify(trackId: string, q: { u?: string; expires?: string | number; sig?: string } & StreamVariant, nowSeconds: number): string | null {
    if (!q.u || q.expires === undefined || !q.sig) return null;
    const expires = Number(q.expires);
    if (!Number.isInteger(expires)) return null;
    if (expires <= nowSeconds) return null;
    const memo = `${trackId}\n${q.u}\n${expires}${variantPart(q)}\n${q.sig}`;
    if (this.genuine.has(memo)) return q.u;
    const expected = Buffer.from(this.sign(trackId, q.u, expires, q));
    const given = Buffer.from(String(q.sig));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (this.genuine.size >= GENUINE_MAX) this.genuine.clear();
    this.genuine.add(memo);
    return q.u;
  }
}

const variantPart = (v: StreamVariant): string => (v.format === undefined && v.bitrate === undefined ? '' : `\n${v.format ?? ''}\n${v.bitrate ?? ''}`);
