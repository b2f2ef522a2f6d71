import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices } from '../../functions/container.js';
import type { ApiKeyRecord } from '../../functions/core/api-keys/api-key.js';
import { ApiKeyUpdates } from '../../functions/core/api-keys/api-key-updates.js';
import type { RealmAuthentication } from '../../functions/core/security/authentication.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { DelegatingStore } from '../support/delegating-store.js';
import { useHandlerEnvironment } from '../support/handler-env.js';

const DAY = 86_400_000;

/** The real store, with another writer invalidating the key just before each replace lands. */
class RacingStore extends DelegatingStore {
  override async replace(key: ApiKeyRecord, expectedVersion: number): Promise<boolean> {
    // A TTL in the future: an item past its retention is gone for every read.
    await this.inner.invalidate(key.id, Date.now(), Math.ceil(Date.now() / 1000) + 86_400);
    return this.inner.replace(key, expectedVersion);
  }
}

describe('API key updates against DynamoDB Local', () => {
  // Started from the real clock, so no record's delete_after is ever in the TTL sweeper's past.
  let now = Date.now();
  const clock = () => now;
  let client: ReturnType<typeof createDocumentClient>;
  let store: DynamoApiKeyStore;

  beforeAll(async () => {
    await useHandlerEnvironment();
    client = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
    });
    store = new DynamoApiKeyStore(client, process.env['API_KEYS_TABLE'] as string);
  });

  async function setup() {
    const services = buildServices(loadConfig(process.env), clock);
    const elastic = (await services.users.authenticate(
      'elastic',
      process.env['ELASTIC_PASSWORD'] ?? '',
      'REST request [/]',
    )) as RealmAuthentication;
    const key = await services.apiKeys.create(elastic, { name: 'raced', metadata: { v: 1 } });
    return { elastic, key };
  }

  it('loses to a concurrent write: 409 with a version conflict, and the other write stands', async () => {
    const { elastic, key } = await setup();
    const updates = new ApiKeyUpdates(new RacingStore(store), { retentionMillis: DAY, clock });

    const attempt = updates.update(elastic, key.id, { metadata: { v: 2 } });

    await expect(attempt).rejects.toMatchObject({
      status: 409,
      type: 'exception',
      reason: 'bulk request execution failure',
      causedBy: { type: 'version_conflict_engine_exception' },
    });
    const after = await store.get(key.id);
    expect(after?.api_key_invalidated).toBe(true);
    expect(after?.metadata).toEqual({ v: 1 });
  });

  it('reports the conflict per key in a bulk update', async () => {
    const { elastic, key } = await setup();
    const updates = new ApiKeyUpdates(new RacingStore(store), { retentionMillis: DAY, clock });

    const response = await updates.bulkUpdate(elastic, [key.id], { metadata: { v: 3 } });

    expect(response.updated).toEqual([]);
    expect(response.errors?.details[key.id]).toMatchObject({
      type: 'exception',
      reason: 'bulk request execution failure',
      caused_by: { type: 'version_conflict_engine_exception' },
    });
  });

  it('moves the TTL with a new expiration and bumps the version', async () => {
    const { elastic, key } = await setup();
    const updates = new ApiKeyUpdates(store, { retentionMillis: DAY, clock });
    now += 1000;

    await updates.update(elastic, key.id, { expirationMillis: 3 * DAY });
    const { Item } = await client.send(
      new GetCommand({ TableName: process.env['API_KEYS_TABLE'], Key: { id: key.id } }),
    );

    expect(Item?.['expiration_time']).toBe(now + 3 * DAY);
    expect(Item?.['delete_after']).toBe(Math.ceil((now + 4 * DAY) / 1000));
    expect(Item?.['version']).toBe(2);
    expect(Item?.['owner_key']).toBe('reserved/elastic');
  });

  it('flushes the gateway authorizer cache after a change, not after a noop', async () => {
    const { elastic, key } = await setup();
    let flushes = 0;
    const updates = new ApiKeyUpdates(store, {
      retentionMillis: DAY,
      clock,
      authorizerCache: {
        flush: async () => {
          flushes += 1;
        },
      },
    });

    await updates.update(elastic, key.id, { metadata: { v: 1 } });
    const noop = flushes;
    await updates.update(elastic, key.id, { metadata: { v: 9 } });

    expect(noop).toBe(0);
    expect(flushes).toBe(1);
  });
});
