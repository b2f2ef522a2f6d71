import { performance } from 'node:perf_hooks';
import { mapConcurrent } from '../functions/core/concurrent.js';
import type { TableNames } from '../infra/local/ensure-tables.js';
import { benchEnv, elastic, services } from './environment.js';
import { median, ms, type Row } from './measure.js';

const KEYS = 1_000;
const ROUNDS = 5;

/**
 * Invalidation of 1,000 real keys in one request (batched reads, parallel conditional writes),
 * against invalidating one key per request. Each round invalidates fresh keys.
 */
export async function bulkInvalidateRows(endpoint: string, tables: TableNames): Promise<Row[]> {
  const instance = services(benchEnv(endpoint, tables, { API_KEY_HASHING_ALGORITHM: 'ssha256' }));
  const admin = await elastic(instance);
  const fresh = async (count: number) =>
    (
      await mapConcurrent(Array.from({ length: count }), 16, (_, i) =>
        instance.apiKeys.create(admin, { name: `bulk-${i}` }),
      )
    ).map((key) => key.id);
  const invalidate = async (ids: string[]) => {
    const start = performance.now();
    const result = await instance.apiKeys.invalidate(admin, { ids, owner: false });
    const elapsed = performance.now() - start;
    if (result.invalidated_api_keys.length !== ids.length) {
      throw new Error(`invalidated ${result.invalidated_api_keys.length} of ${ids.length}`);
    }
    return elapsed;
  };
  await invalidate(await fresh(KEYS));
  const bulk: number[] = [];
  const single: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bulk.push(await invalidate(await fresh(KEYS)));
    for (const id of await fresh(20)) {
      single.push(await invalidate([id]));
    }
  }
  const total = median(bulk);
  const one = median(single);
  return [
    {
      section: 'bulk',
      metric: `invalidate ${KEYS.toLocaleString('en')} real keys by id, one request (per id)`,
      value: `${ms(total)} (${ms(total / KEYS)})`,
      baseline: `${ms(one)} one key per request`,
      ratio: total / KEYS / one,
      target: '<= 0.5',
    },
  ];
}
