import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices } from '../../functions/container.js';
import type { ApiKeyRecord } from '../../functions/core/api-keys/api-key.js';
import type { ApiKeyQueries } from '../../functions/core/api-keys/query/api-key-queries.js';
import type { KeyLookup, Logger } from '../../functions/core/ports.js';
import type { RealmAuthentication } from '../../functions/core/security/authentication.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { LOCAL_CLIENT_CONFIG, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { ensureTables, readTableDefinitions } from '../../infra/local/ensure-tables.js';
import { apiKeyRecord } from '../support/api-key-records.js';
import { useHandlerEnvironment } from '../support/handler-env.js';
import { testClient } from '../support/tables.js';

const DAY = 86_400_000;
const control = testClient();
let client: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  await useHandlerEnvironment();
  client = createDocumentClient({
    region: 'us-east-1',
    endpoint: process.env['DYNAMODB_ENDPOINT'],
  });
});
afterAll(() => {
  client.destroy();
  control.destroy();
});

/** A store that records when it had to scan because an index was missing. */
/** A DynamoDB Local for one test, with its control and document clients. */
async function privateDynamoDb() {
  const local = await startDynamoDbLocal();
  const control = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: local.endpoint });
  const documents = createDocumentClient({ region: 'us-east-1', endpoint: local.endpoint });
  return {
    control,
    client: documents,
    stop: async () => {
      documents.destroy();
      control.destroy();
      await local.stop();
    },
  };
}

function storeOn(
  table: string,
  now: number,
  on: ReturnType<typeof createDocumentClient> = client,
): { store: DynamoApiKeyStore; fallbacks: string[] } {
  const fallbacks: string[] = [];
  const logger: Logger = {
    log: (_level, message, fields) => {
      if (message.includes('scanning instead')) {
        fallbacks.push(String(fields?.['index']));
      }
    },
  };
  return { store: new DynamoApiKeyStore(on, table, { logger, clock: () => now }), fallbacks };
}

function key(id: string, overrides: Partial<ApiKeyRecord> & { user?: string; realm?: string }) {
  const { user = 'alice', realm = 'default_native', ...rest } = overrides;
  const record = apiKeyRecord({ id, ...rest });
  return { ...record, creator: { ...record.creator, principal: user, realm } };
}

async function ids(source: AsyncIterable<ApiKeyRecord>): Promise<string[]> {
  const found: string[] = [];
  for await (const found_key of source) {
    found.push(found_key.id);
  }
  return found.sort();
}

describe('index lookups on DynamoDB Local', () => {
  // From the real clock: DynamoDB Local's TTL sweeper deletes items whose delete_after has passed.
  const now = Date.now();

  it('finds every key a name, prefix, username or realm can match, from the indexes', async () => {
    const { store, fallbacks } = storeOn(process.env['API_KEYS_TABLE'] as string, now);
    const tag = randomBytes(4).toString('hex');
    const keys = [
      key(`${tag}-1`, { name: `${tag}-ci`, user: `${tag}-u`, creation_time: now }),
      key(`${tag}-2`, { name: `${tag}-ci-deploy`, user: `${tag}-u`, realm: `${tag}-ldap` }),
      key(`${tag}-3`, { name: `${tag}-ci`, user: `${tag}-v`, realm: `${tag}-ldap` }),
      key(`${tag}-4`, { name: `${tag}-billing`, user: `${tag}-v` }),
      // Past its retention: hidden from every read, like today.
      key(`${tag}-5`, { name: `${tag}-ci`, user: `${tag}-u`, delete_after: now / 1000 - 60 }),
    ];
    for (const each of keys) {
      expect(await store.create(each)).toBe(true);
    }
    const found = (lookup: KeyLookup) => ids(store.lookup(lookup));

    expect(await found({ by: 'name', name: `${tag}-ci` })).toEqual([`${tag}-1`, `${tag}-3`]);
    expect(await found({ by: 'namePrefix', prefix: `${tag}-ci` })).toEqual([
      `${tag}-1`,
      `${tag}-2`,
      `${tag}-3`,
    ]);
    expect(await found({ by: 'username', username: `${tag}-u` })).toEqual([`${tag}-1`, `${tag}-2`]);
    expect(await found({ by: 'realm', realm: `${tag}-ldap` })).toEqual([`${tag}-2`, `${tag}-3`]);
    expect((await found({ by: 'all' })).filter((id) => id.startsWith(tag))).toHaveLength(4);
    expect(fallbacks).toEqual([]);
  });

  it('answers a term no index key can hold with every key (callers filter), without an error', async () => {
    const { store } = storeOn(process.env['API_KEYS_TABLE'] as string, now);
    const every = await ids(store.lookup({ by: 'all' }));

    expect(every.length).toBeGreaterThan(0);
    expect(await ids(store.lookup({ by: 'namePrefix', prefix: '\uD800' }))).toEqual(every);
    expect(await ids(store.lookup({ by: 'name', name: 'x'.repeat(1100) }))).toEqual(every);
  });

  it('finds a key written before the indexes existed: by scan at first, by the indexes once ensure-tables added them', async () => {
    // A DynamoDB Local of its own: on the shared one, an index build can wait behind the other
    // files' work for minutes.
    const own = await privateDynamoDb();
    try {
      const suffix = randomBytes(4).toString('hex');
      const names = {
        apiKeys: `old-${suffix}-api-keys`,
        users: `old-${suffix}-u`,
        roles: `old-${suffix}-r`,
      };
      const [definition] = (await readTableDefinitions(names)).filter(
        (each) => each.logicalId === 'ApiKeysTable',
      );
      const create = definition?.create;
      if (!create) {
        throw new Error('no ApiKeysTable in infra/tables.yml');
      }
      // The table as the previous version created it: only the owner-creation index.
      await own.control.send(
        new CreateTableCommand({
          ...create,
          AttributeDefinitions: create.AttributeDefinitions?.filter((attribute) =>
            ['id', 'owner_key', 'creation_time'].includes(attribute.AttributeName ?? ''),
          ),
          GlobalSecondaryIndexes: create.GlobalSecondaryIndexes?.filter(
            (index) => index.IndexName === 'owner-creation',
          ),
        }),
      );
      // An item as an earlier version wrote it: JSON-valued fields as DynamoDB maps.
      const old = key('old-key', {
        name: 'legacy-ci',
        user: 'olga',
        realm: 'old_realm',
        creation_time: now,
      });
      await own.client.send(
        new PutCommand({
          TableName: names.apiKeys,
          Item: { ...old, owner_key: 'old_realm/olga' },
        }),
      );
      const lookups: KeyLookup[] = [
        { by: 'name', name: 'legacy-ci' },
        { by: 'namePrefix', prefix: 'legacy' },
        { by: 'username', username: 'olga' },
        { by: 'realm', realm: 'old_realm' },
      ];
      const before = storeOn(names.apiKeys, now, own.client);
      for (const lookup of lookups) {
        expect(await ids(before.store.lookup(lookup)), lookup.by).toEqual(['old-key']);
      }
      expect(await ids(before.store.byCreation({ descending: true }))).toEqual(['old-key']);
      expect(await before.store.count()).toBe(1);
      expect(before.fallbacks.length).toBeGreaterThan(0);

      await ensureTables(own.control, names);
      await ensureTables(own.control, names); // idempotent

      const { Table } = await own.control.send(
        new DescribeTableCommand({ TableName: names.apiKeys }),
      );
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
        'all-creation',
        'all-name',
        'all-owner',
        'owner-creation',
      ]);
      const after = storeOn(names.apiKeys, now, own.client);
      for (const lookup of lookups) {
        expect(await ids(after.store.lookup(lookup)), lookup.by).toEqual(['old-key']);
      }
      expect(await ids(after.store.byCreation({ descending: false }))).toEqual(['old-key']);
      expect(await after.store.count()).toBe(1);
      expect(after.fallbacks).toEqual([]);
    } finally {
      await own.stop();
    }
  }, 900_000);
});

describe('all keys by creation, page by page', () => {
  const now = Date.now();
  let elastic: RealmAuthentication;
  let queries: ApiKeyQueries;
  let store: DynamoApiKeyStore;

  beforeAll(async () => {
    const services = buildServices(loadConfig(process.env), () => now);
    elastic = (await services.users.authenticate(
      'elastic',
      process.env['ELASTIC_PASSWORD'] ?? '',
      'REST request [/]',
    )) as RealmAuthentication;
    queries = services.apiKeyQueries;
    store = storeOn(process.env['API_KEYS_TABLE'] as string, now).store;
    const tag = randomBytes(4).toString('hex');
    // Ties on creation time, and one key past its retention.
    for (let i = 0; i < 9; i += 1) {
      await store.create(
        key(`${tag}-${i}`, { name: `page-${i}`, creation_time: now - Math.floor(i / 3) * DAY }),
      );
    }
    await store.create(
      key(`${tag}-gone`, { creation_time: now - DAY, delete_after: now / 1000 - 60 }),
    );
  });

  it('returns exactly what a full read returns: hits, _sort and total, both orders, with search_after', async () => {
    for (const order of ['desc', 'asc'] as const) {
      let after: unknown[] | undefined;
      for (let page = 0; page < 5; page += 1) {
        const request = {
          sort: [{ creation: order }],
          size: 2,
          ...(after ? { searchAfter: after } : {}),
          withLimitedBy: false,
          typedKeys: false,
        };
        const paged = await queries.query(elastic, request);
        // An aggregation needs every key, so this request is answered by a full read.
        const full = await queries.query(elastic, {
          ...request,
          aggs: { n: { value_count: { field: 'name' } } },
        });

        expect(paged.api_keys, `${order} page ${page}`).toEqual(full.api_keys);
        expect(paged.total).toBe(full.total);
        after = paged.api_keys.at(-1)?.['_sort'] as unknown[] | undefined;
        if (!after) {
          break;
        }
      }
    }
  });

  it('pages with from and without a sort in creation order, as a full read does', async () => {
    const request = { from: 3, size: 4, withLimitedBy: false, typedKeys: false };
    const paged = await queries.query(elastic, request);
    const full = await queries.query(elastic, {
      ...request,
      aggs: { n: { value_count: { field: 'name' } } },
    });

    expect(paged.api_keys).toEqual(full.api_keys);
    expect(paged.total).toBe(full.total);
    expect(paged.count).toBe(4);
  });
});
