import type { Random } from './seeded-random.js';

/**
 * A Zipf request mix over `keys` keys: the key of rank r (0 = hottest) gets a share proportional
 * to 1 / (r + 1)^exponent. Exponent 0 is uniform; around 1 is typical of real API traffic.
 */
export class ZipfMix {
  private readonly cumulative: Float64Array;

  constructor(
    readonly keys: number,
    readonly exponent: number,
  ) {
    this.cumulative = new Float64Array(keys);
    let total = 0;
    for (let rank = 0; rank < keys; rank++) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
    for (let rank = 0; rank < keys; rank++) {
      this.cumulative[rank] = (this.cumulative[rank] as number) / total;
    }
  }

  /** The share of all requests that carry the key of this rank. */
  share(rank: number): number {
    const below = rank === 0 ? 0 : (this.cumulative[rank - 1] as number);
    return (this.cumulative[rank] as number) - below;
  }

  /** The rank of the key one request carries. */
  sample(random: Random): number {
    const draw = random();
    let low = 0;
    let high = this.keys - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] as number) > draw) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}
