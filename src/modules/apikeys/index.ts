export { ApiKeysService, MAX_KEYS_PER_USER, MAX_NAME_LENGTH } from './api-key.service.js';
export { SequelizeApiKeysRepository } from './api-key.repository.js';
export { ApiKeyCipher } from './api-key.cipher.js';
export type { ApiKeysRepository, ApiKeySummary, CreatedApiKey, SubsonicCredentials } from './api-key.types.js';
