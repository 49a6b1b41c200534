import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'rhy_';
const VERSION = 'v1';

/** 32 random bytes after a prefix that secret scanners and people can recognise. */
export const newKey = (): string => PREFIX + randomBytes(32).toString('base64url');

/** Shape only: anything else is refused before any lookup. */
export const looksLikeKey = (value: string): boolean => /^rhy_[A-Za-z0-9_-]{43}$/.test(value);

const subkey = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, '', `rhythmo api-key ${purpose}`, 32));

/**
 * Keys are kept encrypted, not hashed: the Subsonic token scheme (t = md5(key + salt)) needs the
 * key itself to check a token. AES-256-GCM with a fresh IV per key, bound to the key's id and
 * owner, so a ciphertext copied into another row does not decrypt. The lookup hash (HMAC) lets
 * a key given on its own be found with one indexed query.
 */
export class ApiKeyCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: string) {
    this.encKey = subkey(secret, 'encryption');
    this.macKey = subkey(secret, 'lookup');
  }

  lookupHash(key: string): string {
    return createHmac('sha256', this.macKey).update(key).digest('hex');
  }

  encrypt(key: string, bound: { id: string; userId: string }): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(aad(bound));
    const data = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** null when the text was not encrypted by this server key for this row. */
  decrypt(stored: string, bound: { id: string; userId: string }): string | null {
    const [version, iv, tag, data] = stored.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(bound));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

const aad = (b: { id: string; userId: string }) => Buffer.from(`${b.id}:${b.userId}`);

/** Subsonic's token: md5 of the password and the salt, as lowercase hex. */
export const subsonicToken = (key: string, salt: string): string => createHash('md5').update(key + salt, 'utf8').digest('hex');

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
