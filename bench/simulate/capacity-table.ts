import { markdownTable } from '../measure.js';
import { costPerMillion } from './list-prices.js';
import { instancesFor, type SimulateOptions } from './options.js';
import { PARTITION_READS_PER_SECOND, smallestTtlUnderCeiling } from './partition-ceiling.js';
import { simulateTraffic, type TrafficResult, type TrafficSettings } from './traffic.js';
import { ZipfMix } from './zipf-mix.js';

export interface CapacityRow {
  requestsPerSecond: number;
  authorizerTtlSeconds: number;
  instances: number;
  result: TrafficResult;
  /** Smallest TTL keeping the hottest key within the partition; undefined if none does. */
  smallestTtl: number | undefined;
}

/** One simulation per rate and TTL; the TTL search replays each rate's hottest key once. */
export function capacityRows(options: SimulateOptions): CapacityRow[] {
  return options.rates.flatMap((requestsPerSecond) => {
    const instances = instancesFor(options, requestsPerSecond);
    let smallestTtl: number | undefined;
    return options.authorizerTtls.map((authorizerTtlSeconds, i) => {
      const settings: TrafficSettings = {
        ...options,
        requestsPerSecond,
        instances,
        authorizerTtlSeconds,
      };
      const result = simulateTraffic(settings);
      // The traffic is the same under every TTL (same seed), so one search serves the rate.
      if (i === 0) {
        smallestTtl = smallestTtlUnderCeiling(result.hot, settings);
      }
      return { requestsPerSecond, authorizerTtlSeconds, instances, result, smallestTtl };
    });
  });
}

const count = (value: number) => Math.round(value).toLocaleString('en-US');
/** Rates below 10 keep one decimal, so a cached key's trickle does not read as zero. */
const rate = (value: number) => (value < 10 ? value.toFixed(1) : count(value));
const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 && share > 0 ? 3 : 1)} %`;
const dollars = (value: number) => `$${value.toFixed(2)}`;

export function settingsLine(options: SimulateOptions): string {
  const hottest = new ZipfMix(options.keys, options.zipfExponent).share(0);
  return [
    `K = ${count(options.keys)} keys, Zipf s = ${options.zipfExponent} (the hottest key carries ${percent(hottest)} of requests),`,
    `${options.routes} route(s) per key, ${options.durationSeconds} s simulated, ${options.invalidationsPerMinute} invalidation(s) per minute, seed ${options.seed};`,
    `authorizer call ${options.authorizerMillis} ms warm, +${options.hashMillis} ms for a cold hash;`,
    `verified-credential cache ${count(options.cacheTtlMillis / 1000)} s TTL, ${count(options.cacheMaxKeys)} keys per instance.`,
    `Hottest-key reads: mean / busiest second. Partition ceiling: ${count(PARTITION_READS_PER_SECOND)} strongly consistent reads/s.`,
  ].join('\n');
}

const HEADER = [
  'requests/s',
  'TTL (s)',
  'instances',
  'gateway cache hits',
  'reads/s, all keys',
  'reads/s, hottest key',
  'cold hashes',
  'smallest TTL under ceiling',
  '$ per M, REST',
  '$ per M, HTTP API',
];

/** The table's cells, one array per row, as printed. */
export function capacityCells(rows: readonly CapacityRow[], durationSeconds: number): string[][] {
  return rows.map((row) => {
    const { result } = row;
    const cost = costPerMillion(result);
    return [
      count(row.requestsPerSecond),
      String(row.authorizerTtlSeconds),
      count(row.instances),
      percent(1 - result.reads / result.requests),
      rate(result.reads / durationSeconds),
      `${rate(result.hotReads / durationSeconds)} / ${count(result.hotPeakReads)}`,
      percent(result.coldHashes / result.requests),
      row.smallestTtl === undefined ? 'none' : `${row.smallestTtl} s`,
      dollars(cost.restApi),
      dollars(cost.httpApi),
    ];
  });
}

export function capacityTable(rows: readonly CapacityRow[], durationSeconds: number): string {
  return markdownTable(HEADER, capacityCells(rows, durationSeconds));
}
