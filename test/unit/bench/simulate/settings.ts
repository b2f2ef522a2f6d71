import type { TrafficSettings } from '../../../../bench/simulate/traffic.js';

/** A small run: one key at 100 requests/s for 60 s, one instance, no invalidations. */
export function smallRun(overrides: Partial<TrafficSettings> = {}): TrafficSettings {
  return {
    keys: 1,
    zipfExponent: 1,
    requestsPerSecond: 100,
    routes: 1,
    instances: 1,
    authorizerTtlSeconds: 5,
    cacheTtlMillis: 86_400_000,
    cacheMaxKeys: 25_000,
    durationSeconds: 60,
    invalidationsPerMinute: 0,
    authorizerMillis: 0.1,
    hashMillis: 0,
    seed: 7,
    ...overrides,
  };
}
