import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices, type Services } from '../../functions/container.js';
import { ApiKeyService } from '../../functions/core/api-keys/api-key-service.js';
import type { Authentication } from '../../functions/core/security/authentication.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { useHandlerEnvironment } from '../support/handler-env.js';

const DAY = 86_400_000;

function instance(clock: () => number): Services {
  return buildServices(loadConfig(process.env), clock);
}

async function elastic(services: Services): Promise<Authentication> {
  return services.users.authenticate('elastic', process.env['ELASTIC_PASSWORD'] ?? '', '/');
}

describe('ApiKeyService against DynamoDB Local', () => {
  // A fake clock, but started from the real one: DynamoDB Local's TTL sweeper deletes any item
  // whose delete_after is in the real past, whatever time the service believes it is.
  let now = Date.now();
  const clock = () => now;

  beforeAll(useHandlerEnvironment);

  it('rejects a key from the exact millisecond it expires, whatever the TTL sweep has done', async () => {
    const services = instance(clock);
    const created = await services.apiKeys.create(await elastic(services), {
      name: 'short-lived',
      expirationMillis: 60_000,
    });

    now = (created.expiration ?? 0) - 1;
    const justBefore = await services.apiKeys.authenticate(created.id, created.api_key);
    now = created.expiration ?? 0;
    const atExpiry = services.apiKeys.authenticate(created.id, created.api_key);

    expect(justBefore.apiKey.id).toBe(created.id);
    await expect(atExpiry).rejects.toMatchObject({
      status: 401,
      metadata: { additional_unsuccessful_credentials: 'API key: api key is expired' },
    });
  });

  it('stores only a hash and a TTL in epoch seconds at expiry plus the retention period', async () => {
    now = Date.now();
    const services = instance(clock);
    const created = await services.apiKeys.create(await elastic(services), {
      name: 'ttl',
      expirationMillis: DAY,
    });
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
    });

    const { Item } = await client.send(
      new GetCommand({ TableName: process.env['API_KEYS_TABLE'], Key: { id: created.id } }),
    );

    expect(JSON.stringify(Item)).not.toContain(created.api_key);
    expect(Item?.['api_key_hash']).toMatch(/^\$2[aby]\$04\$/);
    expect(Item?.['expiration_time']).toBe(now + DAY);
    expect(Item?.['delete_after']).toBe(Math.ceil((now + DAY + 7 * DAY) / 1000));
  });

  it('sets the TTL from the invalidation time for a key that never expires', async () => {
    now = Date.now();
    const services = instance(clock);
    const auth = await elastic(services);
    const created = await services.apiKeys.create(auth, { name: 'forever' });
    now += 1000;

    await services.apiKeys.invalidate(auth, { ids: [created.id], owner: false });
    const { api_keys } = await services.apiKeys.get(auth, {
      id: created.id,
      owner: false,
      withLimitedBy: false,
      activeOnly: false,
    });
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
    });
    const { Item } = await client.send(
      new GetCommand({ TableName: process.env['API_KEYS_TABLE'], Key: { id: created.id } }),
    );

    expect(api_keys[0]).toMatchObject({ invalidated: true, invalidation: now });
    expect(Item?.['delete_after']).toBe(Math.ceil((now + 7 * DAY) / 1000));
  });

  it('never lets a warm instance`s verified-secret cache outlive an invalidation made elsewhere', async () => {
    now = Date.now();
    const warm = instance(clock);
    const other = instance(clock);
    const auth = await elastic(warm);
    const created = await warm.apiKeys.create(auth, { name: 'revoked-elsewhere' });
    await warm.apiKeys.authenticate(created.id, created.api_key);

    await other.apiKeys.invalidate(await elastic(other), { ids: [created.id], owner: false });

    await expect(warm.apiKeys.authenticate(created.id, created.api_key)).rejects.toMatchObject({
      status: 401,
      metadata: {
        additional_unsuccessful_credentials: `API key: api key [${created.id}] has been invalidated`,
      },
    });
  });

  it('verifies through the cache only the exact secret that was verified', async () => {
    const services = instance(clock);
    const created = await services.apiKeys.create(await elastic(services), { name: 'cached' });

    const good = await services.apiKeys.authenticate(created.id, created.api_key);
    const bad = services.apiKeys.authenticate(created.id, `${created.api_key.slice(0, -1)}x`);

    expect(good.apiKey.id).toBe(created.id);
    expect(services.verifiedCredentials.size).toBeGreaterThan(0);
    await expect(bad).rejects.toMatchObject({ status: 401 });
  });

  it('reports each key once when two instances invalidate it concurrently', async () => {
    const a = instance(clock);
    const b = instance(clock);
    const created = await a.apiKeys.create(await elastic(a), { name: 'raced' });
    const [authA, authB] = [await elastic(a), await elastic(b)];

    const results = await Promise.all([
      a.apiKeys.invalidate(authA, { ids: [created.id], owner: false }),
      b.apiKeys.invalidate(authB, { ids: [created.id], owner: false }),
    ]);

    const invalidated = results.flatMap((r) => r.invalidated_api_keys);
    expect(invalidated).toEqual([created.id]);
  });
});

describe('ApiKeyService and the gateway authorizer cache', () => {
  const clock = () => Date.now();

  beforeAll(useHandlerEnvironment);

  function withAuthorizerCache(flush: () => Promise<void>) {
    const config = loadConfig(process.env);
    const base = buildServices(config, clock);
    const flushed: number[] = [];
    const apiKeys = new ApiKeyService(
      new DynamoApiKeyStore(
        createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
        config.apiKeysTable,
      ),
      base.verifiedCredentials,
      {
        hashing: config.apiKeyHashing,
        retentionMillis: config.retentionMillis,
        clock,
        authorizerCache: {
          flush: async () => {
            flushed.push(Date.now());
            await flush();
          },
        },
      },
    );
    return { base, apiKeys, flushed };
  }

  it('flushes the authorizer cache once after invalidating keys, and not when nothing changed', async () => {
    const { base, apiKeys, flushed } = withAuthorizerCache(async () => undefined);
    const auth = await elastic(base);
    const a = await apiKeys.create(auth, { name: 'flush-a' });
    const b = await apiKeys.create(auth, { name: 'flush-b' });

    await apiKeys.invalidate(auth, { ids: [a.id, b.id], owner: false });
    const again = await apiKeys.invalidate(auth, { ids: [a.id], owner: false });

    expect(flushed).toHaveLength(1);
    expect(again.invalidated_api_keys).toEqual([]);
  });

  it('reports a failed flush in error_details while keeping the invalidation', async () => {
    const { base, apiKeys } = withAuthorizerCache(async () => {
      throw new Error('AccessDenied');
    });
    const auth = await elastic(base);
    const key = await apiKeys.create(auth, { name: 'flush-fails' });

    const response = await apiKeys.invalidate(auth, { ids: [key.id], owner: false });
    const authenticating = apiKeys.authenticate(key.id, key.api_key);

    expect(response).toEqual({
      invalidated_api_keys: [key.id],
      previously_invalidated_api_keys: [],
      error_count: 1,
      error_details: [
        {
          type: 'exception',
          reason: 'clearing the API key cache failed; please clear the caches manually',
        },
      ],
    });
    await expect(authenticating).rejects.toMatchObject({ status: 401 });
  });
});

describe('the verified-credential cache on the real service', () => {
  beforeAll(useHandlerEnvironment);

  it('is warmed by create, and never lets a wrong secret through', async () => {
    const services = instance(() => Date.now());
    const key = await services.apiKeys.create(await elastic(services), { name: 'warm' });
    const warmed = services.verifiedCredentials.has(key.id);

    const wrong = services.apiKeys.authenticate(key.id, `${key.api_key.slice(0, -1)}x`);

    expect(warmed).toBe(true);
    await expect(wrong).rejects.toMatchObject({
      status: 401,
      metadata: {
        additional_unsuccessful_credentials: `API key: invalid credentials for API key [${key.id}]`,
      },
    });
    expect((await services.apiKeys.authenticate(key.id, key.api_key)).apiKey.id).toBe(key.id);
  });

  it('remembers nothing when API_KEY_CACHE_TTL is 0, yet authenticates', async () => {
    const services = buildServices(loadConfig({ ...process.env, API_KEY_CACHE_TTL: '0' }), () =>
      Date.now(),
    );
    const key = await services.apiKeys.create(await elastic(services), { name: 'uncached' });

    const who = await services.apiKeys.authenticate(key.id, key.api_key);

    expect(who.apiKey.id).toBe(key.id);
    expect(services.verifiedCredentials.has(key.id)).toBe(false);
    expect(services.verifiedCredentials.size).toBe(0);
  });
});
