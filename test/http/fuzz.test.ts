import { describe, expect, inject, it } from 'vitest';
import { runCampaign } from '../fuzz/campaign.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 500);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

describe('the HTTP surface under random requests', () => {
  it(
    'answers every request in time with a 2xx or an ES-shaped 4xx, and still answers afterwards',
    async () => {
      const result = await runCampaign({
        baseUrl: inject('offlineUrl'),
        elasticPassword: inject('elasticPassword'),
        runs: RUNS,
        seed: SEED,
        timeoutMillis: 10_000,
      });

      expect(result.runs).toBe(RUNS);
      // The seed is in the message: FUZZ_SEED=<seed> replays the same requests.
      expect({ seed: SEED, failures: result.failures }).toEqual({ seed: SEED, failures: [] });
      expect(result.healthy).toBe(true);
    },
    RUNS * 10_000 + 60_000,
  );
});
