import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices, type Services } from '../../functions/container.js';
import type { Authentication } from '../../functions/core/security/authentication.js';
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
  let now = Date.UTC(2026, 0, 1);
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
    now = Date.UTC(2026, 0, 2);
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
    now = Date.UTC(2026, 0, 3);
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
    now = Date.UTC(2026, 0, 4);
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
