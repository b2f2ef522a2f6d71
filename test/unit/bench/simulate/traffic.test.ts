import { describe, expect, it } from 'vitest';
import { simulateTraffic } from '../../../../bench/simulate/traffic.js';
import { smallRun } from './settings.js';

describe('simulated authorizer traffic', () => {
  it('reads the store on every request when the gateway caches nothing (TTL 0)', () => {
    const result = simulateTraffic(smallRun({ keys: 50, instances: 4, authorizerTtlSeconds: 0 }));

    expect(result.requests).toBeGreaterThan(5000);
    expect(result.reads).toBe(result.requests);
    expect(result.hotReads).toBe(result.hotRequests);
  });

  it('reads a single busy key about once per TTL when calls are quick', () => {
    const result = simulateTraffic(smallRun({ authorizerTtlSeconds: 5 }));

    // 60 s / 5 s: one read per expiry, plus the first request.
    expect(result.requests).toBeGreaterThan(5000);
    expect(result.reads).toBeGreaterThanOrEqual(12);
    expect(result.reads).toBeLessThanOrEqual(13);
  });

  it('lets every request that arrives while the authorizer runs miss too', () => {
    const quick = simulateTraffic(smallRun({ requestsPerSecond: 1000, authorizerMillis: 0.1 }));
    const slow = simulateTraffic(smallRun({ requestsPerSecond: 1000, authorizerMillis: 50 }));

    // About 1000/s x 50 ms = 50 requests miss at each expiry instead of one.
    expect(slow.reads).toBeGreaterThan(quick.reads * 20);
  });

  it('reads once more after each invalidation flushes the gateway cache', () => {
    const settings = smallRun({ authorizerTtlSeconds: 3600 });
    const quiet = simulateTraffic(settings);
    const invalidating = simulateTraffic({ ...settings, invalidationsPerMinute: 10 });

    expect(quiet.reads).toBe(1);
    expect(invalidating.flushes).toBeGreaterThan(5);
    expect(invalidating.reads).toBe(1 + invalidating.flushes);
  });

  it('pays the slow hash once per key and instance while the verified-credential cache holds it', () => {
    const result = simulateTraffic(smallRun({ keys: 20, instances: 3, authorizerTtlSeconds: 0 }));

    expect(result.coldHashes).toBe(20 * 3);
  });

  it('answers as the verified-credential cache itself would when entries cannot lapse', () => {
    // A TTL of exactly the run's length makes the fleet ask the cache on every call; keys this
    // busy never go a whole minute unused, so the answers must be the same.
    const settings = smallRun({ keys: 20, instances: 3, authorizerTtlSeconds: 0 });
    const skipping = simulateTraffic(settings);
    const asking = simulateTraffic({ ...settings, cacheTtlMillis: 60_000 });

    expect(asking).toEqual(skipping);
  });

  it('pays the slow hash on every call when the verified-credential cache is off', () => {
    const result = simulateTraffic(
      smallRun({ keys: 20, authorizerTtlSeconds: 0, cacheMaxKeys: 0 }),
    );

    expect(result.coldHashes).toBe(result.reads);
  });

  it('pays the slow hash again when the verified-credential cache evicts or expires', () => {
    const roomy = simulateTraffic(
      smallRun({ keys: 100, zipfExponent: 0, authorizerTtlSeconds: 0 }),
    );
    const small = simulateTraffic(
      smallRun({ keys: 100, zipfExponent: 0, authorizerTtlSeconds: 0, cacheMaxKeys: 10 }),
    );
    const shortLived = simulateTraffic(
      smallRun({ keys: 100, zipfExponent: 0, authorizerTtlSeconds: 0, cacheTtlMillis: 100 }),
    );

    expect(roomy.coldHashes).toBe(100);
    expect(small.coldHashes).toBeGreaterThan(roomy.coldHashes * 10);
    expect(shortLived.coldHashes).toBeGreaterThan(roomy.coldHashes * 10);
  });

  it('bills a cold call the hash on top of the warm call, in whole milliseconds', () => {
    const result = simulateTraffic(
      smallRun({ keys: 5, authorizerTtlSeconds: 0, authorizerMillis: 1.2, hashMillis: 70 }),
    );

    const warm = result.reads - result.coldHashes;
    expect(result.billedMillis).toBe(warm * 2 + result.coldHashes * 72);
  });

  it('replays the same traffic for the same seed, and other traffic for another', () => {
    const settings = smallRun({ keys: 1000, instances: 5, authorizerTtlSeconds: 10 });

    const first = simulateTraffic(settings);
    const again = simulateTraffic(settings);
    const other = simulateTraffic({ ...settings, seed: 8 });

    expect(again).toEqual(first);
    expect(other.hot.at).not.toEqual(first.hot.at);
  });

  it('keeps a cache entry per route when the identity sources include the route', () => {
    const oneRoute = simulateTraffic(smallRun({ authorizerTtlSeconds: 3600 }));
    const fourRoutes = simulateTraffic(smallRun({ authorizerTtlSeconds: 3600, routes: 4 }));

    expect(oneRoute.reads).toBe(1);
    expect(fourRoutes.reads).toBe(4);
  });
});
