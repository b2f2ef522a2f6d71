import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Services } from '../functions/container.js';
import type { ApiKeyRecord } from '../functions/core/api-keys/api-key.js';
import type { RealmAuthentication } from '../functions/core/security/authentication.js';
import { createDocumentClient } from '../functions/store/dynamo-client.js';
import { ownerKey } from '../functions/store/keys.js';
import { benchEnv, createTables, elastic, services } from './environment.js';
import { interleaved, ms, type Row } from './measure.js';

const OWNER = 'bench-owner';
const OWNER_PASSWORD = 'bench-owner-password';
const OWN_KEYS = 50;

function record(index: number, principal: string): ApiKeyRecord {
  return {
    id: `k${String(index).padStart(9, '0')}`,
    doc_type: 'api_key',
    type: 'rest',
    name: `key-${index % 97}`,
    creation_time: 1_700_000_000_000 + index,
    api_key_invalidated: index % 3 === 1,
    api_key_hash: '{SSHA256}not-used-by-this-benchmark',
    role_descriptors: {},
    limited_by_role_descriptors: {},
    metadata: { team: `team-${index % 13}` },
    creator: {
      principal,
      realm: 'default_native',
      realm_type: 'native',
      full_name: null,
      email: null,
      metadata: {},
    },
    version: 1,
  };
}

/** Loads `total` keys, OWN_KEYS of them the owner's, spread evenly through the table. */
async function load(endpoint: string, table: string, total: number): Promise<void> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const every = Math.floor(total / OWN_KEYS);
  const items = (start: number, end: number) =>
    Array.from({ length: end - start }, (_, i) => {
      const index = start + i;
      const key = record(index, index % every === 0 ? OWNER : `user-${index % 5000}`);
      return {
        PutRequest: {
          Item: {
            ...key,
            owner_key: ownerKey({ principal: key.creator.principal, realm: 'default_native' }),
          },
        },
      };
    });
  const batches: Array<[number, number]> = [];
  for (let start = 0; start < total; start += 25) {
    batches.push([start, Math.min(total, start + 25)]);
  }
  const workers = Array.from({ length: 16 }, async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let unprocessed: Record<string, unknown[]> | undefined = { [table]: items(...batch) };
      while (unprocessed && Object.keys(unprocessed).length > 0) {
        const result = await client.send(
          new BatchWriteCommand({ RequestItems: unprocessed as never }),
        );
        unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  });
  await Promise.all(workers);
  client.destroy();
}

async function ownerOf(instance: Services): Promise<RealmAuthentication> {
  const admin = await elastic(instance);
  await instance.roles.put(admin, 'bench-own-keys', {
    cluster: ['manage_own_api_key'],
    indices: [],
    applications: [],
    run_as: [],
    metadata: {},
  });
  await instance.users.put(admin, {
    username: OWNER,
    password: OWNER_PASSWORD,
    roles: ['bench-own-keys'],
  });
  return instance.users.authenticate(OWNER, OWNER_PASSWORD, 'REST request [/]');
}

/** Owner-scoped get and query with 1,000 vs 100,000 keys in the table. */
export async function ownerScaleRows(
  endpoint: string,
  log: (line: string) => void,
): Promise<Row[]> {
  const sizes = [1_000, 100_000];
  const setups: Array<{ instance: Services; owner: RealmAuthentication }> = [];
  for (const size of sizes) {
    const tables = await createTables(endpoint, `bench-scale-${size}`);
    log(`loading ${size.toLocaleString('en')} keys…`);
    await load(endpoint, tables.apiKeys, size);
    const instance = services(benchEnv(endpoint, tables, { API_KEY_HASHING_ALGORITHM: 'ssha256' }));
    setups.push({ instance, owner: await ownerOf(instance) });
  }
  const [small, large] = setups as [(typeof setups)[0], (typeof setups)[0]];
  const get = (setup: typeof small) => async () => {
    const result = await setup.instance.apiKeys.get(setup.owner, {
      owner: true,
      withLimitedBy: false,
      activeOnly: false,
    });
    if (result.api_keys.length !== OWN_KEYS) {
      throw new Error(`expected ${OWN_KEYS} keys, got ${result.api_keys.length}`);
    }
  };
  const query = (setup: typeof small) => async () => {
    const result = await setup.instance.apiKeyQueries.query(setup.owner, {
      query: { bool: { must_not: { term: { invalidated: true } } } },
      sort: [{ creation: 'desc' }],
      size: 20,
      aggs: { teams: { terms: { field: 'metadata.team' } } },
      withLimitedBy: false,
      typedKeys: false,
    });
    if (result.count === 0) {
      throw new Error('the owner query found nothing');
    }
  };
  const gets = await interleaved(200, get(large), get(small));
  const queries = await interleaved(200, query(large), query(small));
  return [
    {
      section: 'owner scale',
      metric: `get owner=true (${OWN_KEYS} own keys), 100,000 keys in table`,
      value: ms(gets.a),
      baseline: `${ms(gets.b)} with 1,000`,
      ratio: gets.a / gets.b,
      target: '<= 1.5',
    },
    {
      section: 'owner scale',
      metric: 'query as manage_own_api_key (sort, size 20, terms agg), 100,000 keys',
      value: ms(queries.a),
      baseline: `${ms(queries.b)} with 1,000`,
      ratio: queries.a / queries.b,
      target: '<= 1.5',
    },
  ];
}
