import { Router } from 'express';
import type { ApiKeyService } from './api-key.service.js';
import { bodyOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toApiKeyDto, toCreatedApiKeyDto } from './api-key.mapper.js';

export function apiKeysRoutes({ apiKeys }: { apiKeys: ApiKeyService }): Router {
  const r = Router();
  r.get('/api/me/api-keys', async (req, res) => {
    res.json({ items: (await apiKeys.list(actorOf(req))).map(toApiKeyDto) });
  });
  r.post('/api/me/api-keys', async (req, res) => {
    const created = await apiKeys.create(actorOf(req), { name: bodyOf(req, 'createApiKey').name });
    // The key is in this answer only: nothing between here and the client may keep it.
    res.status(201).set('Cache-Control', 'no-store').json(toCreatedApiKeyDto(created));
  });
  r.delete('/api/me/api-keys/:apiKeyId', async (req, res) => {
    await apiKeys.remove(actorOf(req), req.params.apiKeyId);
    res.status(204).end();
  });
  return r;
}
