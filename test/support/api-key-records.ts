import type { ApiKeyRecord } from '../../functions/core/api-keys/api-key.js';

/** A stored API key record for pure (DynamoDB-free) tests; override what the test is about. */
export function apiKeyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: 'key-id',
    doc_type: 'api_key',
    type: 'rest',
    name: 'key',
    creation_time: 0,
    api_key_invalidated: false,
    api_key_hash: '{SSHA256}not-a-real-hash',
    role_descriptors: {},
    limited_by_role_descriptors: {},
    metadata: {},
    creator: {
      principal: 'u',
      realm: 'r',
      realm_type: 'native',
      full_name: null,
      email: null,
      metadata: {},
    },
    version: 1,
    ...overrides,
  };
}
