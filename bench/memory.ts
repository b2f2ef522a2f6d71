import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TableNames } from '../infra/local/ensure-tables.js';
import { REPO_ROOT } from '../infra/local/offline.js';
import type { Row } from './measure.js';

const CACHE_MAX_KEYS = 1_000;

/** Memory of a process that authenticated 10,000 times over twice as many keys as the cache holds. */
export function memoryRows(endpoint: string, tables: TableNames): Row[] {
  const output = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      join(REPO_ROOT, 'bench', 'memory-child.ts'),
      endpoint,
      tables.apiKeys,
      tables.users,
      tables.roles,
      String(CACHE_MAX_KEYS),
    ],
    { cwd: REPO_ROOT, maxBuffer: 1024 * 1024 },
  ).toString();
  const result = JSON.parse(output) as {
    heap2000: number;
    heap10000: number;
    maxRssBytes: number;
    cacheEntries: number;
  };
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return [
    {
      section: 'memory',
      metric: 'peak RSS after 10,000 authentications (2,000 keys, cache bound 1,000)',
      value: mb(result.maxRssBytes),
    },
    {
      section: 'memory',
      metric: 'heap after GC at 10,000 authentications',
      value: mb(result.heap10000),
      baseline: `${mb(result.heap2000)} at 2,000`,
      ratio: result.heap10000 / result.heap2000,
      target: '<= 1.1',
    },
    {
      section: 'memory',
      metric: 'verified-credential cache entries',
      value: String(result.cacheEntries),
      baseline: `bound ${CACHE_MAX_KEYS}`,
      ratio: result.cacheEntries / CACHE_MAX_KEYS,
      target: '<= 1',
    },
  ];
}
