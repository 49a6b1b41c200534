export { ApiKeyService, MAX_KEYS_PER_USER, MAX_NAME_LENGTH } from './api-key.service.js';
export { SequelizeApiKeyRepository } from './api-key.repository.js';
export { ApiKeyCipher } from './api-key.cipher.js';
export type { ApiKeyRepository, ApiKeySummary, CreatedApiKey, SubsonicCredentials } from './api-key.types.js';
