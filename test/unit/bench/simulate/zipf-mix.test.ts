import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../bench/simulate/seeded-random.js';
import { ZipfMix } from '../../../../bench/simulate/zipf-mix.js';

describe('Zipf request mix', () => {
  it('gives rank r a share proportional to 1 / (r + 1)^s', () => {
    const mix = new ZipfMix(10_000, 1);
    let harmonic = 0;
    for (let rank = 1; rank <= 10_000; rank++) {
      harmonic += 1 / rank;
    }

    expect(mix.share(0)).toBeCloseTo(1 / harmonic, 10);
    expect(mix.share(1)).toBeCloseTo(mix.share(0) / 2, 10);
    expect(mix.share(9)).toBeCloseTo(mix.share(0) / 10, 10);
  });

  it('is uniform with exponent 0', () => {
    const mix = new ZipfMix(4, 0);

    expect([0, 1, 2, 3].map((rank) => mix.share(rank))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('draws ranks in their shares', () => {
    const mix = new ZipfMix(100, 1.2);
    const random = seededRandom(3);
    const counts = new Array<number>(100).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const rank = mix.sample(random);
      counts[rank] = (counts[rank] as number) + 1;
    }

    for (const rank of [0, 1, 10, 99]) {
      expect((counts[rank] as number) / draws).toBeCloseTo(mix.share(rank), 2);
    }
  });
});
