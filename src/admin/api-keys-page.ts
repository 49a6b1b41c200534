import type { PageContext } from 'adminjs';
import type { Container } from '../container.js';
import type { Actor } from '../shared/actor.js';
import { DomainError, InvalidError } from '../shared/errors.js';
import type { ApiKeySummary } from '../modules/apikeys/index.js';
import { panelActor } from './panel-actor.js';
import { text } from './form-values.js';

interface PageRequest {
  method?: string;
  payload?: Record<string, unknown>;
}

/** A refusal as one line for the page: the service's message and what was wrong with which field. */
const explain = (err: DomainError) =>
  err instanceof InvalidError && err.errors.length > 0 ? `${err.message}: ${err.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : err.message;

const toKeyView = (k: ApiKeySummary) => ({ id: k.id, name: k.name, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null });

/**
 * The "API keys" page: the signed-in user's own keys for Subsonic apps, through the API keys
 * service as that user. Reading is a GET; creating and deleting are POSTs, which the panel's
 * same-origin check has already let through. A new key is in the answer to its creation only.
 */
export function apiKeysPageHandler(container: Container) {
  const { apiKeys, users } = container.services;
  const serverUrl = container.config.publicUrl;

  const view = async (actor: Actor) => {
    const [me, keys] = await Promise.all([users.getMe(actor), apiKeys.list(actor)]);
    return { serverUrl, username: me.username, keys: keys.map(toKeyView) };
  };

  return async (request: PageRequest, _response: unknown, context: PageContext) => {
    const actor = panelActor(context.currentAdmin);
    if (request.method !== 'post') return view(actor);
    const payload = request.payload ?? {};
    try {
      if (payload.action === 'create') {
        const created = await apiKeys.create(actor, { name: text(payload.name) ?? '' });
        return { ...(await view(actor)), created: { id: created.id, name: created.name, key: created.key } };
      }
      if (payload.action === 'delete') {
        await apiKeys.remove(actor, text(payload.id) ?? '');
        return { ...(await view(actor)), notice: 'The key is deleted: apps that use it are refused from now on' };
      }
      throw new InvalidError('Unknown action', [{ path: 'action', message: 'must be create or delete' }]);
    } catch (err) {
      if (err instanceof DomainError) return { ...(await view(actor)), error: explain(err) };
      throw err;
    }
  };
}
