import { AuthorizerFleet, type FleetSettings } from './authorizer-fleet.js';
import { type HotTraffic, ReadsPerSecond } from './traffic.js';

/**
 * Reads per second one DynamoDB partition serves: "every partition in a DynamoDB table is
 * designed to deliver a maximum capacity of 3,000 read units per second", one unit being one
 * strongly consistent read of up to 4 KB (an API key item usually is).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
 * One key is one item, so its reads cannot spread over partitions.
 */
export const PARTITION_READS_PER_SECOND = 3000;

/** API Gateway's largest authorizer result TTL, in seconds. */
export const MAX_AUTHORIZER_TTL_SECONDS = 3600;

/**
 * The most reads of the hottest key in any one second, replaying its traffic under another TTL.
 * The other keys are left out: where instance caches are too small to hold every key, the replay
 * may keep the hottest key verified a little longer than the full run did.
 */
export function hotPeakReads(
  hot: HotTraffic,
  settings: FleetSettings & { routes: number },
  authorizerTtlSeconds: number,
): number {
  const reads = new ReadsPerSecond(settings.durationSeconds);
  if (authorizerTtlSeconds === 0) {
    // Nothing is cached: every request reads, whichever instance serves it.
    for (const at of hot.at) {
      reads.add(at);
    }
    return reads.peak;
  }
  const fleet = new AuthorizerFleet({ ...settings, authorizerTtlSeconds });
  let flush = 0;
  hot.at.forEach((at, i) => {
    while (flush < hot.flushes.length && (hot.flushes[flush] as number) <= at) {
      fleet.flush();
      flush++;
    }
    if (fleet.request(at, 0, hot.route[i] as number, hot.instance[i] as number) !== 'cached') {
      reads.add(at);
    }
  });
  return reads.peak;
}

/**
 * The smallest whole-second TTL at which the hottest key's busiest second stays within the
 * partition's reads, or undefined if none up to the maximum does. A binary search: it takes the
 * busiest second to shrink as the TTL grows, as it does but for where expiries happen to fall.
 */
export function smallestTtlUnderCeiling(
  hot: HotTraffic,
  settings: FleetSettings & { routes: number },
): number | undefined {
  const fits = (ttl: number) => hotPeakReads(hot, settings, ttl) <= PARTITION_READS_PER_SECOND;
  if (fits(0)) {
    return 0;
  }
  if (!fits(MAX_AUTHORIZER_TTL_SECONDS)) {
    return undefined;
  }
  let low = 0;
  let high = MAX_AUTHORIZER_TTL_SECONDS;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (fits(middle)) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return high;
}
