import { benchEnv, elastic, services } from './environment.js';

/**
 * Run in its own process by memory.ts: authenticates 10,000 times across more distinct keys
 * than the verified-credential cache may hold, and reports memory as JSON on stdout.
 */
const [endpoint, apiKeys, users, roles, cacheMaxKeys] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const instance = services(
  benchEnv(
    endpoint,
    { apiKeys, users, roles },
    { API_KEY_HASHING_ALGORITHM: 'ssha256', API_KEY_CACHE_MAX_KEYS: cacheMaxKeys },
  ),
);
const admin = await elastic(instance);
const keys: Array<{ id: string; api_key: string }> = [];
for (let i = 0; i < Number(cacheMaxKeys) * 2; i += 1) {
  keys.push(await instance.apiKeys.create(admin, { name: `memory-${i}` }));
}
const gc = (globalThis as { gc?: () => void }).gc;
const heapAfterGc = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const samples: Record<string, number> = {};
for (let i = 1; i <= 10_000; i += 1) {
  const key = keys[i % keys.length] as { id: string; api_key: string };
  await instance.apiKeys.authenticate(key.id, key.api_key);
  if (i === 2_000 || i === 10_000) {
    samples[`heap${i}`] = heapAfterGc();
  }
}
process.stdout.write(
  JSON.stringify({
    ...samples,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cacheEntries: instance.verifiedCredentials.size,
  }),
);
