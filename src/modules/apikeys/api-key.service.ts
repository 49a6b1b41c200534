import type { Transactor } from '../../db/index.js';
import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError, CredentialsError, InvalidError, NotFoundError, UnauthenticatedError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { isSafeText } from '../../shared/text.js';
import { accountKey, addressKey, type AttemptKey, type AttemptLimiter } from '../auth/index.js';
import { looksLikeKey, newKey, sameText, subsonicToken, type ApiKeyCipher } from './api-key.cipher.js';
import type { ApiKeyRepository, ApiKeySummary, CreatedApiKey, KeyOwnerRow, SubsonicCredentials } from './api-key.types.js';

export const MAX_KEYS_PER_USER = 20;
export const MAX_NAME_LENGTH = 100;
/** lastUsedAt is a hint for the owner, not an audit log: one write a minute at most. */
const TOUCH_EVERY_MS = 60_000;
/** The limiter's action: its own budget, apart from the login form's. */
const ACTION = 'subsonic';
const TOKEN = /^[0-9a-f]{32}$/i;
const MAX_SALT_LENGTH = 256;

export interface ApiKeyServiceDeps {
  repo: ApiKeyRepository;
  db: Transactor;
  cipher: ApiKeyCipher;
  /** The auth module's limiter (a cluster worker's asks the primary), so the limit holds across workers. */
  limiter: AttemptLimiter;
  clock: Clock;
}

export class ApiKeyService {
  constructor(private readonly d: ApiKeyServiceDeps) {}

  async create(actor: Actor, input: { name: string }): Promise<CreatedApiKey> {
    const me = requireUser(actor);
    const name = checkName(input.name);
    const id = newId();
    const key = newKey();
    const createdAt = this.d.clock.now();
    await this.d.db.transaction(async (transaction) => {
      if (!(await this.d.repo.lockUser(me.id, { transaction }))) throw new UnauthenticatedError('Account is not active');
      if ((await this.d.repo.countForUser(me.id, { transaction })) >= MAX_KEYS_PER_USER) {
        throw new ConflictError(`An account has at most ${MAX_KEYS_PER_USER} API keys; delete one first`, { limit: MAX_KEYS_PER_USER });
      }
      await this.d.repo.insert(
        { id, userId: me.id, name, lookupHash: this.d.cipher.lookupHash(key), encryptedKey: this.d.cipher.encrypt(key, { id, userId: me.id }), createdAt },
        { transaction },
      );
    });
    return { id, name, key, createdAt };
  }

  async list(actor: Actor): Promise<ApiKeySummary[]> {
    const me = requireUser(actor);
    return this.d.repo.listForUser(me.id);
  }

  /** Another user's key is not found, like one that does not exist. */
  async remove(actor: Actor, id: string): Promise<void> {
    const me = requireUser(actor);
    if (!(await this.d.repo.delete(me.id, id))) throw new NotFoundError('API key');
  }

  /**
   * Resolves Subsonic credentials to the acting user; `address` is the client IP for rate limiting.
   * The key and its owner's account are read on every call, so a deleted key or a banned account
   * stops working from the next request on. Only failures are counted: an app sends its
   * credentials with every request, many at once, and those must not spend the budget.
   */
  async authenticate(credentials: SubsonicCredentials, address: string): Promise<{ actor: Actor & { kind: 'user' }; username: string }> {
    const attempt: AttemptKey[] = [addressKey(ACTION, address)];
    if (credentials.kind !== 'apiKey') attempt.push(accountKey(ACTION, String(credentials.username).toLowerCase()));
    await this.d.limiter.check(attempt);
    const owner = await this.resolve(credentials);
    if (!owner || owner.status !== 'active') {
      await this.d.limiter.hit(attempt);
      throw new CredentialsError(credentials.kind === 'apiKey' ? 'invalid-api-key' : 'wrong-credentials');
    }
    await this.touch(owner);
    return { actor: { kind: 'user', id: owner.userId, role: owner.role }, username: owner.username };
  }

  /** The key's row and owner, or null. The account password is never looked at: only keys work here. */
  private async resolve(c: SubsonicCredentials): Promise<KeyOwnerRow | null> {
    switch (c.kind) {
      case 'apiKey':
        return this.byKey(c.apiKey);
      case 'password': {
        const owner = await this.byKey(c.password);
        return owner && sameText(owner.username.toLowerCase(), String(c.username).toLowerCase()) ? owner : null;
      }
      case 'token': {
        if (typeof c.token !== 'string' || !TOKEN.test(c.token) || typeof c.salt !== 'string' || !c.salt || c.salt.length > MAX_SALT_LENGTH) return null;
        const token = c.token.toLowerCase();
        let match: KeyOwnerRow | null = null;
        // Every key is tried, so the time taken does not tell which of them matched.
        for (const row of await this.d.repo.findByUsername(String(c.username))) {
          const key = this.d.cipher.decrypt(row.encryptedKey, { id: row.keyId, userId: row.userId });
          if (key !== null && sameText(subsonicToken(key, c.salt), token)) match = row;
        }
        return match;
      }
    }
  }

  private async byKey(key: unknown): Promise<KeyOwnerRow | null> {
    if (typeof key !== 'string' || !looksLikeKey(key)) return null;
    return this.d.repo.findByLookupHash(this.d.cipher.lookupHash(key));
  }

  private async touch(owner: KeyOwnerRow) {
    const now = this.d.clock.now();
    const notBefore = new Date(now.getTime() - TOUCH_EVERY_MS);
    if (owner.lastUsedAt === null || owner.lastUsedAt < notBefore) await this.d.repo.touch(owner.keyId, now, notBefore);
  }
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH || !isSafeText(trimmed)) {
    throw new InvalidError('Invalid API key name', [{ path: 'name', message: `must be 1-${MAX_NAME_LENGTH} characters of text` }]);
  }
  return trimmed;
}
