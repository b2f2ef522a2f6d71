import { describe, expect, it } from 'vitest';
import {
  hotPeakReads,
  PARTITION_READS_PER_SECOND,
  smallestTtlUnderCeiling,
} from '../../../../bench/simulate/partition-ceiling.js';
import { simulateTraffic } from '../../../../bench/simulate/traffic.js';
import { smallRun } from './settings.js';

describe('the hottest key against the partition ceiling', () => {
  it('replays the hottest key exactly as the full run saw it', () => {
    const settings = smallRun({
      keys: 200,
      instances: 4,
      requestsPerSecond: 2000,
      durationSeconds: 20,
      authorizerTtlSeconds: 2,
      authorizerMillis: 10,
      hashMillis: 70,
      invalidationsPerMinute: 6,
    });
    const run = simulateTraffic(settings);

    const replayed = hotPeakReads(run.hot, settings, 2);

    expect(run.hotReads).toBeGreaterThan(10);
    expect(replayed).toBe(run.hotPeakReads);
  });

  it('needs no TTL while every request of the hottest key fits the partition', () => {
    const settings = smallRun({
      requestsPerSecond: 2000,
      durationSeconds: 5,
      authorizerTtlSeconds: 0,
    });
    const run = simulateTraffic(settings);

    expect(run.hotPeakReads).toBeLessThanOrEqual(PARTITION_READS_PER_SECOND);
    expect(smallestTtlUnderCeiling(run.hot, settings)).toBe(0);
  });

  it('finds the smallest TTL that brings a key above the ceiling under it', () => {
    const settings = smallRun({
      requestsPerSecond: 4000,
      durationSeconds: 10,
      authorizerTtlSeconds: 3600,
      authorizerMillis: 10,
    });
    const run = simulateTraffic(settings);

    const ttl = smallestTtlUnderCeiling(run.hot, settings);

    expect(hotPeakReads(run.hot, settings, 0)).toBeGreaterThan(PARTITION_READS_PER_SECOND);
    expect(ttl).toBe(1);
    expect(hotPeakReads(run.hot, settings, 1)).toBeLessThanOrEqual(PARTITION_READS_PER_SECOND);
  });

  it('finds none when the requests that miss during one authorizer call exceed the ceiling', () => {
    // 4,000 requests/s arriving during a 1 s authorizer call all miss: no TTL can help.
    const settings = smallRun({
      requestsPerSecond: 4000,
      durationSeconds: 10,
      authorizerTtlSeconds: 3600,
      authorizerMillis: 1000,
    });
    const run = simulateTraffic(settings);

    expect(smallestTtlUnderCeiling(run.hot, settings)).toBeUndefined();
  });
});
