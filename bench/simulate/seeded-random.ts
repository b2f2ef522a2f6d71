/** A uniform draw in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast and seeded, so a given seed replays the same traffic. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The gap to the next event of a Poisson process with `ratePerMilli` events per millisecond. */
export function exponentialGap(random: Random, ratePerMilli: number): number {
  return -Math.log(1 - random()) / ratePerMilli;
}

/** A uniform integer in [0, count). */
export function uniformIndex(random: Random, count: number): number {
  return Math.min(count - 1, Math.floor(random() * count));
}
