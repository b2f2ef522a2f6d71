import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Services } from '../functions/container.js';
import type { ApiKeyRecord } from '../functions/core/api-keys/api-key.js';
import type { RealmAuthentication } from '../functions/core/security/authentication.js';
import { createDocumentClient } from '../functions/store/dynamo-client.js';
import { ownerKey } from '../functions/store/keys.js';
import type { TableNames } from '../infra/local/ensure-tables.js';
import { benchEnv, createTables, elastic, services } from './environment.js';
import { interleaved, ms, type Row } from './measure.js';

export const OWNER = 'bench-owner';
const OWNER_PASSWORD = 'bench-owner-password';
export const OWN_KEYS = 50;

/** A generated key of the scale tables; only `id`, `name`, owner and creation vary. */
export function record(index: number, principal: string): ApiKeyRecord {
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

/** Writes keys as the store does (plus their owner key), 25 per BatchWriteItem, 16 in flight. */
export async function writeKeys(
  endpoint: string,
  table: string,
  count: number,
  keyAt: (index: number) => ApiKeyRecord,
): Promise<void> {
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const items = (start: number, end: number) =>
    Array.from({ length: end - start }, (_, i) => {
      const key = keyAt(start + i);
      return {
        PutRequest: {
          Item: {
            ...key,
            owner_key: ownerKey({ principal: key.creator.principal, realm: key.creator.realm }),
          },
        },
      };
    });
  const batches: Array<[number, number]> = [];
  for (let start = 0; start < count; start += 25) {
    batches.push([start, Math.min(count, start + 25)]);
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

/** Loads `total` keys, OWN_KEYS of them the owner's, spread evenly through the table. */
async function load(endpoint: string, table: string, total: number): Promise<void> {
  const every = Math.floor(total / OWN_KEYS);
  await writeKeys(endpoint, table, total, (index) =>
    record(index, index % every === 0 ? OWNER : `user-${index % 5000}`),
  );
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

/** One filled table of the scale section, with its services and the owner's authentication. */
export interface ScaleSetup {
  size: number;
  tables: TableNames;
  instance: Services;
  owner: RealmAuthentication;
}

/** The two tables of the scale section (1,000 and 100,000 keys), filled once for every row. */
export async function scaleSetups(
  endpoint: string,
  log: (line: string) => void,
): Promise<[ScaleSetup, ScaleSetup]> {
  const setups: ScaleSetup[] = [];
  for (const size of [1_000, 100_000]) {
    const tables = await createTables(endpoint, `bench-scale-${size}`);
    log(`loading ${size.toLocaleString('en')} keys…`);
    await load(endpoint, tables.apiKeys, size);
    const instance = services(benchEnv(endpoint, tables, { API_KEY_HASHING_ALGORITHM: 'ssha256' }));
    setups.push({ size, tables, instance, owner: await ownerOf(instance) });
  }
  return setups as [ScaleSetup, ScaleSetup];
}

/** Owner-scoped get and query with 1,000 vs 100,000 keys in the table. */
export async function ownerScaleRows(setups: [ScaleSetup, ScaleSetup]): Promise<Row[]> {
  const [small, large] = setups;
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
