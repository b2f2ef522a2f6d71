import { AuthorizerFleet, type FleetSettings } from './authorizer-fleet.js';
import { exponentialGap, seededRandom, uniformIndex } from './seeded-random.js';
import { ZipfMix } from './zipf-mix.js';

export interface TrafficSettings extends FleetSettings {
  zipfExponent: number;
  requestsPerSecond: number;
  /** Routes each key calls, spread evenly; each is its own cache entry when the identity sources include the route. */
  routes: number;
  invalidationsPerMinute: number;
  seed: number;
}

/** The hottest key's requests, kept so that other TTLs can be replayed on the very same traffic. */
export interface HotTraffic {
  at: number[];
  route: number[];
  instance: number[];
  flushes: number[];
}

export interface TrafficResult {
  requests: number;
  /** Authorizer invocations; each reads the key's item once. */
  reads: number;
  coldHashes: number;
  /** Sum over invocations of the Lambda duration, rounded up to the billed millisecond. */
  billedMillis: number;
  flushes: number;
  hotRequests: number;
  hotReads: number;
  /** The most reads of the hottest key in any one second of the run. */
  hotPeakReads: number;
  hot: HotTraffic;
}

/** Reads counted per whole second of simulated time. */
export class ReadsPerSecond {
  private readonly counts: Uint32Array;

  constructor(durationSeconds: number) {
    this.counts = new Uint32Array(Math.ceil(durationSeconds));
  }

  add(atMillis: number): void {
    const second = Math.min(this.counts.length - 1, Math.floor(atMillis / 1000));
    this.counts[second] = (this.counts[second] as number) + 1;
  }

  get peak(): number {
    return this.counts.reduce((max, count) => Math.max(max, count), 0);
  }
}

/**
 * Poisson arrivals at `requestsPerSecond`, each with a key from the Zipf mix, a route and a
 * Lambda instance drawn at random, and invalidations (each a stage flush) as a Poisson process
 * of their own. Every draw happens whether or not the gateway answers, so the same seed gives the
 * same traffic under any TTL. Keys are valid and stay valid: what is modelled is their reads.
 */
export function simulateTraffic(settings: TrafficSettings): TrafficResult {
  const random = seededRandom(settings.seed);
  const flushRandom = seededRandom(settings.seed ^ 0x5bd1e995);
  const mix = new ZipfMix(settings.keys, settings.zipfExponent);
  const fleet = new AuthorizerFleet(settings);
  const endMillis = settings.durationSeconds * 1000;
  const requestRate = settings.requestsPerSecond / 1000;
  const flushRate = settings.invalidationsPerMinute / 60_000;
  const nextFlushAfter = (at: number) =>
    flushRate > 0 ? at + exponentialGap(flushRandom, flushRate) : Number.POSITIVE_INFINITY;
  const hotReadsPerSecond = new ReadsPerSecond(settings.durationSeconds);
  const hot: HotTraffic = { at: [], route: [], instance: [], flushes: [] };
  const result = {
    requests: 0,
    reads: 0,
    coldHashes: 0,
    billedMillis: 0,
    hotRequests: 0,
    hotReads: 0,
  };
  const warmBilled = Math.ceil(settings.authorizerMillis);
  const coldBilled = Math.ceil(settings.authorizerMillis + settings.hashMillis);

  let nextFlush = nextFlushAfter(0);
  for (let at = exponentialGap(random, requestRate); at < endMillis; ) {
    if (nextFlush <= at) {
      fleet.flush();
      hot.flushes.push(nextFlush);
      nextFlush = nextFlushAfter(nextFlush);
      continue;
    }
    const key = mix.sample(random);
    const route = uniformIndex(random, settings.routes);
    const instance = uniformIndex(random, settings.instances);
    const outcome = fleet.request(at, key, key * settings.routes + route, instance);
    result.requests++;
    if (key === 0) {
      result.hotRequests++;
      hot.at.push(at);
      hot.route.push(route);
      hot.instance.push(instance);
    }
    if (outcome !== 'cached') {
      result.reads++;
      if (key === 0) {
        result.hotReads++;
        hotReadsPerSecond.add(at);
      }
      if (outcome === 'cold') {
        result.coldHashes++;
        result.billedMillis += coldBilled;
      } else {
        result.billedMillis += warmBilled;
      }
    }
    at += exponentialGap(random, requestRate);
  }
  return {
    ...result,
    flushes: hot.flushes.length,
    hotPeakReads: hotReadsPerSecond.peak,
    hot,
  };
}
