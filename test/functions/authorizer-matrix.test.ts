import { beforeAll, describe, expect, it } from 'vitest';
import { handler as invalidateApiKeys } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  ELASTIC_PASSWORD,
  useHandlerEnvironment,
} from '../support/handler-env.js';
import { ADAPTERS, type AdapterUnderTest } from './authorizer-adapters.js';

const reader = (resources: string[], privileges = ['read']) => ({
  role_descriptors: { r: { applications: [{ application: 'example', privileges, resources }] } },
});

const basic = (password: string) => ({
  Authorization: `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`,
});

async function invalidate(id: string): Promise<void> {
  const response = await invoke(invalidateApiKeys, {
    method: 'DELETE',
    path: '/_security/api_key',
    headers: ELASTIC,
    body: { ids: [id] },
  });
  expect(response.body.invalidated_api_keys).toEqual([id]);
}

/**
 * The privilege matrix, written once: what each row's request carries, given the adapter's probe
 * resource, and the decision every adapter must reach. The store-failure row is in
 * authorizer-store-failure.test.ts (it needs an unreachable DynamoDB from the first call).
 */
const MATRIX: Array<{
  row: string;
  headers: (adapter: AdapterUnderTest) => Promise<Record<string, string>>;
  effect: 'allow' | 'deny' | 'unauthorized';
}> = [
  {
    row: 'a key with read on the resource',
    headers: async (adapter) =>
      apiKeyAuth((await createKey(ELASTIC, reader([adapter.resource]))).encoded),
    effect: 'allow',
  },
  {
    row: 'the elastic superuser (Basic)',
    headers: async () => basic(ELASTIC_PASSWORD),
    effect: 'allow',
  },
  {
    row: 'a key whose privilege names another route',
    headers: async () => apiKeyAuth((await createKey(ELASTIC, reader(['/elsewhere/*']))).encoded),
    effect: 'deny',
  },
  {
    row: 'a key with write only, on a read',
    headers: async () => apiKeyAuth((await createKey(ELASTIC, reader(['*'], ['write']))).encoded),
    effect: 'deny',
  },
  {
    row: 'a key with only index privileges',
    headers: async () =>
      apiKeyAuth(
        (
          await createKey(ELASTIC, {
            role_descriptors: { r: { indices: [{ names: ['*'], privileges: ['all'] }] } },
          })
        ).encoded,
      ),
    effect: 'deny',
  },
  { row: 'no credentials', headers: async () => ({}), effect: 'unauthorized' },
  {
    row: 'a malformed ApiKey value',
    headers: async () => ({ Authorization: 'ApiKey not-base64!' }),
    effect: 'unauthorized',
  },
  {
    row: 'a known key id with a wrong secret',
    headers: async () => {
      const key = await createKey(ELASTIC, reader(['*']));
      return apiKeyAuth(Buffer.from(`${key.id}:${'x'.repeat(22)}`).toString('base64'));
    },
    effect: 'unauthorized',
  },
  {
    row: 'a wrong password',
    headers: async () => basic('not-the-password'),
    effect: 'unauthorized',
  },
  {
    row: 'an invalidated key',
    headers: async () => {
      const key = await createKey(ELASTIC, reader(['*']));
      await invalidate(key.id);
      return apiKeyAuth(key.encoded);
    },
    effect: 'unauthorized',
  },
  {
    row: 'an expired key',
    headers: async () => apiKeyAuth((await createKey(ELASTIC, { expiration: '0s' })).encoded),
    effect: 'unauthorized',
  },
];

describe.each(ADAPTERS)('the privilege matrix through the $name authorizer', (adapter) => {
  beforeAll(useHandlerEnvironment);

  it.each(MATRIX)('$row → $effect', async ({ headers, effect }) => {
    const outcome = await adapter.probe(await headers(adapter));

    expect(outcome.effect).toBe(effect);
  });

  it('refuses a key on its first request after invalidation, having let it in before', async () => {
    const key = await createKey(ELASTIC, reader([adapter.resource]));

    const before = await adapter.probe(apiKeyAuth(key.encoded));
    await invalidate(key.id);
    const after = await adapter.probe(apiKeyAuth(key.encoded));

    expect(before.effect).toBe('allow');
    expect(after.effect).toBe('unauthorized');
  });

  it('passes the same flat context naming the key, its owner and its metadata', async () => {
    const key = await createKey(ELASTIC, {
      ...reader([adapter.resource]),
      metadata: { team: { name: 'x' } },
    });

    const outcome = await adapter.probe(apiKeyAuth(key.encoded));

    expect(outcome).toEqual({
      effect: 'allow',
      context: {
        apiKeyId: key.id,
        apiKeyName: key.name,
        username: 'elastic',
        realm: 'reserved',
        metadata: '{"team":{"name":"x"}}',
        metadataTruncated: false,
      },
    });
  });
});
