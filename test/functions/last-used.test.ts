import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices, type Services } from '../../functions/container.js';
import type { ApiKeyRecord } from '../../functions/core/api-keys/api-key.js';
import { ApiKeyService } from '../../functions/core/api-keys/api-key-service.js';
import { LastUsedRecorder } from '../../functions/core/api-keys/last-used.js';
import type { MetricName, Metrics } from '../../functions/core/metrics.js';
import type { RealmAuthentication } from '../../functions/core/security/authentication.js';
import { VerifiedCredentialCache } from '../../functions/core/security/verified-credential-cache.js';
import { handler as authenticateHandler } from '../../functions/handlers/authenticate.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as queryApiKeys } from '../../functions/handlers/query-api-keys.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { DelegatingStore } from '../support/delegating-store.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import { createKey, ELASTIC, unique, useHandlerEnvironment } from '../support/handler-env.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The real store; counts the last-used writes that reach it, or makes them fail or stall. */
class WatchedStore extends DelegatingStore {
  writes = 0;
  mode: 'pass' | 'fail' | 'stall' = 'pass';
  override recordLastUsed(id: string, at: number, windowStart: number): Promise<boolean> {
    this.writes += 1;
    if (this.mode === 'fail') {
      return Promise.reject(new Error('store refused the write'));
    }
    if (this.mode === 'stall') {
      return new Promise(() => undefined);
    }
    return this.inner.recordLastUsed(id, at, windowStart);
  }
}

class CountingMetrics implements Metrics {
  readonly counts = new Map<MetricName, number>();
  add(name: MetricName, _unit: string, value: number): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }
}

describe('last_used against DynamoDB Local', () => {
  // Started from the real clock: DynamoDB Local's TTL sweeper deletes items whose delete_after
  // lies in the real past, whatever time the service believes it is.
  let now = Date.now();
  const clock = () => now;
  let services: Services;
  let elastic: RealmAuthentication;
  let realStore: DynamoApiKeyStore;

  beforeAll(async () => {
    await useHandlerEnvironment();
    services = buildServices(loadConfig(process.env), clock);
    elastic = (await services.users.authenticate(
      'elastic',
      process.env['ELASTIC_PASSWORD'] ?? '',
      'REST request [/]',
    )) as RealmAuthentication;
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
    });
    realStore = new DynamoApiKeyStore(client, process.env['API_KEYS_TABLE'] as string, { clock });
  });

  /**
   * An instance of the key service over a watched store: its own cache and last-used memory. It
   * waits for each write (up to 10 s: DynamoDB Local on a loaded machine can be slow) unless told.
   */
  function instance(resolutionMillis = HOUR, waitMillis = 10_000) {
    const store = new WatchedStore(realStore);
    const metrics = new CountingMetrics();
    const apiKeys = new ApiKeyService(store, new VerifiedCredentialCache(DAY, 100, clock), {
      hashing: { name: 'bcrypt', cost: 4 },
      retentionMillis: 7 * DAY,
      clock,
      lastUsed: new LastUsedRecorder(store, {
        resolutionMillis,
        clock,
        metrics,
        waitMillis,
      }),
    });
    return { store, metrics, apiKeys };
  }

  it('shows last_used in get and query once a key has authenticated, through the handlers', async () => {
    const key = await createKey(ELASTIC);
    const before = Date.now();

    const getKey = (id: string) =>
      invoke(getApiKeys, {
        method: 'GET',
        path: '/_security/api_key',
        query: { id },
        headers: ELASTIC,
      });
    const neverUsed = await getKey(key.id);
    const used = await invoke(authenticateHandler, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(key.encoded),
    });
    // The handler waits for the write only briefly; DynamoDB Local under load may finish it later.
    let got = await getKey(key.id);
    for (
      let attempt = 0;
      attempt < 50 && got.body.api_keys[0].last_used === undefined;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      got = await getKey(key.id);
    }
    const queried = await invoke(queryApiKeys, {
      method: 'POST',
      path: '/_security/_query/api_key',
      headers: ELASTIC,
      body: { query: { ids: { values: [key.id] } } },
    });

    expect(neverUsed.body.api_keys[0]).not.toHaveProperty('last_used');
    expect(used.status).toBe(200);
    const lastUsed = got.body.api_keys[0].last_used;
    expect(lastUsed).toBeGreaterThanOrEqual(before);
    expect(lastUsed).toBeLessThanOrEqual(Date.now());
    expect(queried.body.api_keys[0].last_used).toBe(lastUsed);
  });

  it('writes once per key per window: not again in the window, not from another instance, again in the next', async () => {
    now = Date.now();
    const first = instance();
    const key = await first.apiKeys.create(elastic, { name: unique('window') });

    await first.apiKeys.authenticate(key.id, key.api_key);
    const writtenAt = now;
    now += 1;
    await first.apiKeys.authenticate(key.id, key.api_key);
    await first.apiKeys.authenticate(key.id, key.api_key);
    const second = instance();
    await second.apiKeys.authenticate(key.id, key.api_key);
    const inWindow = (await realStore.get(key.id))?.last_used;
    now += HOUR;
    await second.apiKeys.authenticate(key.id, key.api_key);
    await second.apiKeys.authenticate(key.id, key.api_key);

    expect(first.store.writes).toBe(1);
    expect(first.metrics.counts.get('LastUsedWrites')).toBe(1);
    expect(inWindow).toBe(writtenAt);
    expect(second.store.writes).toBe(1);
    expect((await realStore.get(key.id))?.last_used).toBe(writtenAt + 1 + HOUR);
  });

  it('writes nothing when the resolution is 0', async () => {
    now = Date.now();
    const off = instance(0);
    const key = await off.apiKeys.create(elastic, { name: unique('off') });

    await off.apiKeys.authenticate(key.id, key.api_key);

    expect(off.store.writes).toBe(0);
    expect((await realStore.get(key.id))?.last_used).toBeUndefined();
  });

  it('conditions the write: one per window across racing instances, and never on a deleted key', async () => {
    now = Date.now();
    const key = await services.apiKeys.create(elastic, { name: unique('race') });
    const windowStart = now - (now % HOUR);
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
    });
    const missing = unique('missing');

    const firstWrite = await realStore.recordLastUsed(key.id, now, windowStart);
    const racingWrite = await realStore.recordLastUsed(key.id, now + 5, windowStart);
    const onMissing = await realStore.recordLastUsed(missing, now, windowStart);
    const { Item } = await client.send(
      new GetCommand({ TableName: process.env['API_KEYS_TABLE'], Key: { id: missing } }),
    );

    expect(firstWrite).toBe(true);
    expect(racingWrite).toBe(false);
    expect((await realStore.get(key.id))?.last_used).toBe(now);
    expect(onMissing).toBe(false);
    expect(Item).toBeUndefined();
  });

  it('leaves version alone, and an update that read the key earlier keeps the newer last_used', async () => {
    now = Date.now();
    const key = await services.apiKeys.create(elastic, { name: unique('update') });
    const read = (await realStore.get(key.id)) as ApiKeyRecord;

    await realStore.recordLastUsed(key.id, now, now - (now % HOUR));
    const afterUse = await realStore.get(key.id);
    const replaced = await realStore.replace(
      { ...read, metadata: { changed: true }, version: read.version + 1 },
      read.version,
    );
    const afterUpdate = await realStore.get(key.id);

    expect(afterUse?.version).toBe(read.version);
    expect(replaced).toBe(true);
    expect(afterUpdate).toMatchObject({
      metadata: { changed: true },
      version: read.version + 1,
      last_used: now,
    });
  });

  it('replaces every other attribute, removing optional ones the new record lacks', async () => {
    now = Date.now();
    const key = await services.apiKeys.create(elastic, {
      name: unique('replace'),
      expirationMillis: DAY,
    });
    const read = (await realStore.get(key.id)) as ApiKeyRecord;
    const { expiration_time: _expiration, delete_after: _ttl, ...withoutExpiry } = read;

    const replaced = await realStore.replace(
      { ...withoutExpiry, name: 'renamed', version: read.version + 1 },
      read.version,
    );
    const stale = await realStore.replace({ ...read, version: read.version + 1 }, read.version);
    const after = await realStore.get(key.id);

    expect(read.expiration_time).toBeDefined();
    expect(replaced).toBe(true);
    expect(stale).toBe(false);
    expect(after).toEqual({ ...withoutExpiry, name: 'renamed', version: read.version + 1 });
  });

  it('answers the request when the write fails or stalls, and counts the failure', async () => {
    now = Date.now();
    const failing = instance();
    const stalled = instance(HOUR, 20);
    const key = await failing.apiKeys.create(elastic, { name: unique('failing') });
    failing.store.mode = 'fail';
    stalled.store.mode = 'stall';

    const viaFailing = await failing.apiKeys.authenticate(key.id, key.api_key);
    const viaStalled = await stalled.apiKeys.authenticate(key.id, key.api_key);

    expect(viaFailing.apiKey.id).toBe(key.id);
    expect(viaStalled.apiKey.id).toBe(key.id);
    expect(failing.metrics.counts.get('LastUsedWriteFailures')).toBe(1);
    expect((await realStore.get(key.id))?.last_used).toBeUndefined();
  });

  it('never delays an invalidation: the next request after it is refused, write pending or not', async () => {
    now = Date.now();
    const stalled = instance(HOUR, 20);
    stalled.store.mode = 'stall';
    const key = await stalled.apiKeys.create(elastic, { name: unique('revoked') });
    await stalled.apiKeys.authenticate(key.id, key.api_key);

    await services.apiKeys.invalidate(elastic, { ids: [key.id], owner: false });
    const next = stalled.apiKeys.authenticate(key.id, key.api_key);

    await expect(next).rejects.toMatchObject({
      status: 401,
      metadata: {
        additional_unsuccessful_credentials: `API key: api key [${key.id}] has been invalidated`,
      },
    });
  });

  it('finds keys unused for 90 days with one query, sorted by last_used, and invalidates them', async () => {
    now = Date.now();
    const tag = unique('unused');
    const keys = instance();
    const create = (name: string) =>
      keys.apiKeys.create(elastic, { name: `${tag}-${name}`, metadata: { tag } });
    const neverUsed = await create('never-used');
    const usedLongAgo = await create('used-long-ago');
    const usedRecently = await create('used-recently');
    now += DAY;
    await keys.apiKeys.authenticate(usedLongAgo.id, usedLongAgo.api_key);
    now += 94 * DAY;
    const newKey = await create('new-never-used');
    await keys.apiKeys.authenticate(usedRecently.id, usedRecently.api_key);
    now += 5 * DAY;

    const unused = await services.apiKeyQueries.query(elastic, {
      query: {
        bool: {
          filter: [{ term: { 'metadata.tag': tag } }],
          should: [
            { range: { last_used: { lt: 'now-90d' } } },
            {
              bool: {
                must_not: [{ exists: { field: 'last_used' } }],
                filter: [{ range: { creation: { lt: 'now-90d' } } }],
              },
            },
          ],
          minimum_should_match: 1,
        },
      },
      sort: [{ last_used: { order: 'asc' } }],
      withLimitedBy: false,
      typedKeys: false,
    });
    const ids = unused.api_keys.map((key) => key['id']);
    await services.apiKeys.invalidate(elastic, { ids: ids as string[], owner: false });

    expect(ids).toEqual([usedLongAgo.id, neverUsed.id]);
    expect(unused.api_keys[0]?.['_sort']).toEqual([unused.api_keys[0]?.['last_used']]);
    await expect(keys.apiKeys.authenticate(neverUsed.id, neverUsed.api_key)).rejects.toMatchObject({
      status: 401,
    });
    await expect(keys.apiKeys.authenticate(newKey.id, newKey.api_key)).resolves.toMatchObject({
      apiKey: { id: newKey.id },
    });
  });
});
