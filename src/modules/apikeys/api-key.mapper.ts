import type { ApiKeySummary, CreatedApiKey } from './api-key.types.js';

export const toApiKeyDto = (k: ApiKeySummary) => ({
  id: k.id,
  name: k.name,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
});

export const toCreatedApiKeyDto = (k: CreatedApiKey) => ({ id: k.id, name: k.name, key: k.key, createdAt: k.createdAt.toISOString() });
