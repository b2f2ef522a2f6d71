import type { ApiKeyRecord } from '../functions/core/api-keys/api-key.js';
import { ApiKeyService } from '../functions/core/api-keys/api-key-service.js';
import { ApiKeyQueries } from '../functions/core/api-keys/query/api-key-queries.js';
import type { RealmAuthentication } from '../functions/core/security/authentication.js';
import { VerifiedCredentialCache } from '../functions/core/security/verified-credential-cache.js';
import { DynamoApiKeyStore } from '../functions/store/api-key-store.js';
import { createDocumentClient } from '../functions/store/dynamo-client.js';
import { elastic } from './environment.js';
import { interleaved, ms, type Row } from './measure.js';
import { OWN_KEYS, OWNER, record, type ScaleSetup, writeKeys } from './owner-scale.js';

/** Ids past the fill's, so the lookup keys are the same handful in both tables. */
const EXTRA = 900_000_000;
const NAMED = 10;
const REALM_KEYS = 20;
const ITERATIONS = 100;
const INVALIDATE_ITERATIONS = 40;
const INVALIDATE_WARMUP = 5;
const PAGE_SIZE = 20;

const READ_COMMANDS = new Set([
  'GetCommand',
  'BatchGetCommand',
  'QueryCommand',
  'ScanCommand',
  'GetItemCommand',
  'BatchGetItemCommand',
]);

/** A DynamoDB client that asks for, and adds up, the read capacity each call consumed. */
class CapacityMeter {
  readonly client;
  reads = 0;

  constructor(endpoint: string) {
    this.client = createDocumentClient({ region: 'us-east-1', endpoint });
    this.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        input['ReturnConsumedCapacity'] = 'TOTAL';
        const result = await next(args);
        if (READ_COMMANDS.has(context.commandName ?? '')) {
          const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
          for (const entry of Array.isArray(consumed) ? consumed : [consumed]) {
            this.reads += (entry as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
          }
        }
        return result;
      },
      { step: 'initialize', name: 'capacityMeter' },
    );
  }

  /** Read capacity units one run of `operation` consumes. */
  async readsOf(operation: () => Promise<unknown>): Promise<number> {
    this.reads = 0;
    await operation();
    return this.reads;
  }
}

function extraKey(index: number, name: string, principal: string, realm: string): ApiKeyRecord {
  const key = record(EXTRA + index, principal);
  return {
    ...key,
    name,
    api_key_invalidated: false,
    creator: { ...key.creator, realm, realm_type: realm === 'default_native' ? 'native' : 'ldap' },
  };
}

/** The lookup keys, identical in both tables: named, prefixed, another realm's, and to invalidate. */
async function addLookupKeys(endpoint: string, table: string): Promise<void> {
  const keys: ApiKeyRecord[] = [];
  for (let i = 0; i < NAMED; i += 1) {
    keys.push(extraKey(keys.length, 'bench-exact', 'bench-named', 'default_native'));
    keys.push(extraKey(keys.length, `bench-prefix-${i}`, 'bench-named', 'default_native'));
  }
  for (let i = 0; i < REALM_KEYS; i += 1) {
    keys.push(extraKey(keys.length, `ldap-${i}`, `ldap-user-${i}`, 'bench_ldap'));
  }
  for (let round = 0; round < INVALIDATE_ITERATIONS + INVALIDATE_WARMUP + 1; round += 1) {
    for (let i = 0; i < NAMED; i += 1) {
      keys.push(extraKey(keys.length, `bench-inv-${round}`, 'bench-named', 'default_native'));
    }
  }
  await writeKeys(endpoint, table, keys.length, (index) => keys[index] as ApiKeyRecord);
}

interface Measured {
  setup: ScaleSetup;
  admin: RealmAuthentication;
  meter: CapacityMeter;
  apiKeys: ApiKeyService;
  queries: ApiKeyQueries;
  /** `search_after` of page 5 of all keys, newest first. */
  page5After: unknown[];
  invalidateRound: number;
}

async function measured(endpoint: string, setup: ScaleSetup): Promise<Measured> {
  await addLookupKeys(endpoint, setup.tables.apiKeys);
  const meter = new CapacityMeter(endpoint);
  const store = new DynamoApiKeyStore(meter.client, setup.tables.apiKeys);
  const config = setup.instance.config;
  const apiKeys = new ApiKeyService(store, new VerifiedCredentialCache(0, 0, Date.now), {
    hashing: config.apiKeyHashing,
    retentionMillis: config.retentionMillis,
    clock: Date.now,
  });
  const queries = new ApiKeyQueries(store, Date.now);
  const admin = await elastic(setup.instance);
  const run: Measured = {
    setup,
    admin,
    meter,
    apiKeys,
    queries,
    page5After: [],
    invalidateRound: 0,
  };
  let after: unknown[] | undefined;
  for (let page = 1; page < 5; page += 1) {
    const result = await pageOfAll(run, after);
    after = result.api_keys.at(-1)?.['_sort'] as unknown[];
  }
  run.page5After = after ?? [];
  return run;
}

function pageOfAll(run: Measured, after: unknown[] | undefined) {
  return run.queries.query(run.admin, {
    sort: [{ creation: 'desc' }],
    size: PAGE_SIZE,
    ...(after ? { searchAfter: after } : {}),
    withLimitedBy: false,
    typedKeys: false,
  });
}

function expectCount(what: string, got: number, expected: number): void {
  if (got !== expected) {
    throw new Error(`${what}: expected ${expected} keys, got ${got}`);
  }
}

const GET = { owner: false, withLimitedBy: false, activeOnly: false };

/** Index-backed get, invalidate and the all-keys page, 1,000 vs 100,000 keys, with read capacity. */
export async function indexScaleRows(
  endpoint: string,
  setups: [ScaleSetup, ScaleSetup],
): Promise<Row[]> {
  const [small, large] = [await measured(endpoint, setups[0]), await measured(endpoint, setups[1])];
  const operations: Array<{
    metric: string;
    run: (m: Measured) => () => Promise<unknown>;
    /** Fewer for an operation whose cost grows with the table. */
    iterations?: number;
  }> = [
    {
      metric: `get by name (${NAMED} keys)`,
      run: (m) => async () =>
        expectCount(
          'name',
          (await m.apiKeys.get(m.admin, { ...GET, name: 'bench-exact' })).api_keys.length,
          NAMED,
        ),
    },
    {
      metric: `get by name prefix \`bench-prefix-*\` (${NAMED} keys)`,
      run: (m) => async () =>
        expectCount(
          'prefix',
          (await m.apiKeys.get(m.admin, { ...GET, name: 'bench-prefix-*' })).api_keys.length,
          NAMED,
        ),
    },
    {
      metric: `get by username alone (${OWN_KEYS} keys)`,
      run: (m) => async () =>
        expectCount(
          'username',
          (await m.apiKeys.get(m.admin, { ...GET, username: OWNER })).api_keys.length,
          OWN_KEYS,
        ),
    },
    {
      metric: `get by realm_name alone (${REALM_KEYS} keys)`,
      run: (m) => async () =>
        expectCount(
          'realm',
          (await m.apiKeys.get(m.admin, { ...GET, realmName: 'bench_ldap' })).api_keys.length,
          REALM_KEYS,
        ),
    },
    {
      metric: `all keys newest first, page 5 of ${PAGE_SIZE} with search_after (exact total)`,
      run: (m) => async () =>
        expectCount('page 5', (await pageOfAll(m, m.page5After)).count, PAGE_SIZE),
      iterations: 10,
    },
  ];
  const rows: Row[] = [];
  const row = (metric: string, a: number, b: number, readsA: number, readsB: number): Row => ({
    section: 'index scale',
    metric: `${metric}, 100,000 keys`,
    value: `${ms(a)}, ${readsA.toFixed(1)} RCU`,
    baseline: `${ms(b)}, ${readsB.toFixed(1)} RCU with 1,000`,
    ratio: a / b,
    target: '<= 1.5',
  });
  for (const operation of operations) {
    const iterations = operation.iterations ?? ITERATIONS;
    const times = await interleaved(
      iterations,
      operation.run(large),
      operation.run(small),
      Math.min(20, Math.ceil(iterations / 5)),
    );
    rows.push(
      row(
        operation.metric,
        times.a,
        times.b,
        await large.meter.readsOf(operation.run(large)),
        await small.meter.readsOf(operation.run(small)),
      ),
    );
  }
  const invalidate = (m: Measured) => async () => {
    const name = `bench-inv-${m.invalidateRound}`;
    m.invalidateRound += 1;
    const result = await m.apiKeys.invalidate(m.admin, { name, owner: false });
    expectCount('invalidate', result.invalidated_api_keys.length, NAMED);
  };
  const times = await interleaved(
    INVALIDATE_ITERATIONS,
    invalidate(large),
    invalidate(small),
    INVALIDATE_WARMUP,
  );
  rows.push(
    row(
      `invalidate by name (${NAMED} matching keys)`,
      times.a,
      times.b,
      await large.meter.readsOf(invalidate(large)),
      await small.meter.readsOf(invalidate(small)),
    ),
  );
  large.meter.client.destroy();
  small.meter.client.destroy();
  return rows;
}
