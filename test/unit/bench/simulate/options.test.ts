import { describe, expect, it } from 'vitest';
import {
  instancesFor,
  MAX_REQUESTS_PER_RUN,
  parseSimulateOptions,
} from '../../../../bench/simulate/options.js';

describe('npm run simulate flags', () => {
  it('defaults to the README table: 1k, 10k and 100k requests/s, TTL 0 and 300, the service cache defaults', () => {
    const options = parseSimulateOptions([]);

    expect(options.rates).toEqual([1000, 10_000, 100_000]);
    expect(options.authorizerTtls).toEqual([0, 300]);
    expect(options.cacheTtlMillis).toBe(86_400_000);
    expect(options.cacheMaxKeys).toBe(25_000);
    expect(instancesFor(options, 100_000)).toBe(1000);
  });

  it('reads every flag', () => {
    const options = parseSimulateOptions([
      '--keys=50',
      '--zipf=1.5',
      '--rps=10,20',
      '--ttl=60',
      '--instances=3',
      '--routes=2',
      '--cache-ttl=1h',
      '--cache-size=10',
      '--duration=30',
      '--invalidations=0',
      '--authorizer-ms=5',
      '--hash-ms=2',
      '--seed=9',
    ]);

    expect(options).toEqual({
      keys: 50,
      zipfExponent: 1.5,
      rates: [10, 20],
      authorizerTtls: [60],
      instances: 3,
      routes: 2,
      cacheTtlMillis: 3_600_000,
      cacheMaxKeys: 10,
      durationSeconds: 30,
      invalidationsPerMinute: 0,
      authorizerMillis: 5,
      hashMillis: 2,
      seed: 9,
    });
    expect(instancesFor(options, 1_000_000)).toBe(3);
  });

  it.each([
    [['--ttl=3601'], '--ttl [3601]'],
    [['--keys=0'], '--keys [0]'],
    [['--zipf=abc'], '--zipf [abc]'],
    [['--rps=1000,'], '--rps []'],
    [['--instances=1.5'], '--instances [1.5]'],
    [['--cache-ttl=soon'], 'API_KEY_CACHE_TTL'],
    [['--rps=1000000', '--duration=3600'], `at most ${MAX_REQUESTS_PER_RUN}`],
    [['--unknown=1'], "Unknown option '--unknown'"],
  ])('rejects %j', (args, message) => {
    expect(() => parseSimulateOptions(args)).toThrow(message);
  });
});
