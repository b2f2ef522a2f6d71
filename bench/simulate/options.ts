import { parseArgs } from 'node:util';
import { loadConfig } from '../../functions/config.js';

export interface SimulateOptions {
  keys: number;
  zipfExponent: number;
  rates: number[];
  authorizerTtls: number[];
  /** undefined: as many as the authorizer needs at TTL 0 (Little's law), per rate. */
  instances: number | undefined;
  routes: number;
  cacheTtlMillis: number;
  cacheMaxKeys: number;
  durationSeconds: number;
  invalidationsPerMinute: number;
  authorizerMillis: number;
  hashMillis: number;
  seed: number;
}

/** The most requests one run may simulate, so that a run stays within memory and seconds. */
export const MAX_REQUESTS_PER_RUN = 10_000_000;

export const USAGE = `npm run simulate -- [flags]
  --keys K             API keys in the mix (default 10000)
  --zipf S             Zipf exponent of the mix (default 1)
  --rps R[,R...]       requests per second, one run each (default 1000,10000,100000)
  --ttl T[,T...]       authorizer result TTL in seconds, 0-3600 (default 0,300)
  --instances I|auto   Lambda instances (default auto: rps x authorizer-ms, the TTL 0 concurrency)
  --routes N           routes per key, each its own cache entry (default 1)
  --cache-ttl D        verified-credential cache TTL, as API_KEY_CACHE_TTL (default 1d)
  --cache-size N       verified-credential cache size, as API_KEY_CACHE_MAX_KEYS (default 25000)
  --duration S         simulated seconds (default 60)
  --invalidations N    invalidations (stage cache flushes) per minute (default 1)
  --authorizer-ms MS   a warm authorizer call: invocation + one GetItem (default 10)
  --hash-ms MS         what a cold bcrypt verification adds (default 70)
  --seed N             random seed (default 1)`;

function numberFlag(
  raw: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
  integer: boolean,
): number {
  if (raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new Error(
      `--${name} [${raw}]: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
    );
  }
  return value;
}

function integerList(
  raw: string | undefined,
  fallback: string,
  name: string,
  min: number,
  max: number,
): number[] {
  const items = (raw ?? fallback).split(',');
  if (items.length > 10) {
    throw new Error(`--${name}: at most 10 values`);
  }
  return items.map((item) => numberFlag(item, 0, name, min, max, true));
}

/** The command line, validated; the cache defaults and bounds are the service's own (functions/config.ts). */
export function parseSimulateOptions(args: readonly string[]): SimulateOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      keys: { type: 'string' },
      zipf: { type: 'string' },
      rps: { type: 'string' },
      ttl: { type: 'string' },
      instances: { type: 'string' },
      routes: { type: 'string' },
      'cache-ttl': { type: 'string' },
      'cache-size': { type: 'string' },
      duration: { type: 'string' },
      invalidations: { type: 'string' },
      'authorizer-ms': { type: 'string' },
      'hash-ms': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const config = loadConfig({
    API_KEY_CACHE_TTL: values['cache-ttl'],
    API_KEY_CACHE_MAX_KEYS: values['cache-size'],
  });
  const options: SimulateOptions = {
    keys: numberFlag(values.keys, 10_000, 'keys', 1, 1_000_000, true),
    zipfExponent: numberFlag(values.zipf, 1, 'zipf', 0, 4, false),
    rates: integerList(values.rps, '1000,10000,100000', 'rps', 1, 1_000_000),
    authorizerTtls: integerList(values.ttl, '0,300', 'ttl', 0, 3600),
    instances:
      values.instances === undefined || values.instances === 'auto'
        ? undefined
        : numberFlag(values.instances, 1, 'instances', 1, 10_000, true),
    routes: numberFlag(values.routes, 1, 'routes', 1, 100, true),
    cacheTtlMillis: config.cacheTtlMillis,
    cacheMaxKeys: config.cacheMaxKeys,
    durationSeconds: numberFlag(values.duration, 60, 'duration', 1, 3600, true),
    invalidationsPerMinute: numberFlag(values.invalidations, 1, 'invalidations', 0, 6000, false),
    authorizerMillis: numberFlag(values['authorizer-ms'], 10, 'authorizer-ms', 0.1, 10_000, false),
    hashMillis: numberFlag(values['hash-ms'], 70, 'hash-ms', 0, 10_000, false),
    seed: numberFlag(values.seed, 1, 'seed', 0, 2 ** 31, true),
  };
  const largest = Math.max(...options.rates) * options.durationSeconds;
  if (largest > MAX_REQUESTS_PER_RUN) {
    throw new Error(
      `--rps x --duration: at most ${MAX_REQUESTS_PER_RUN} requests per run, got ${largest}`,
    );
  }
  return options;
}

/** Lambda instances for a rate: the given count, or the authorizer's concurrency at TTL 0. */
export function instancesFor(options: SimulateOptions, requestsPerSecond: number): number {
  return (
    options.instances ??
    Math.max(1, Math.ceil((requestsPerSecond * options.authorizerMillis) / 1000))
  );
}
