import { Client } from '@elastic/elasticsearch';
import { describe, expect, inject, it } from 'vitest';

const node = inject('offlineUrl');
const elastic = new Client({
  node,
  auth: { username: 'elastic', password: inject('elasticPassword') },
});

describe('last_used through the gateway, read by the official client', () => {
  it('shows last_used in get and query, and the client takes the extra field as it comes', async () => {
    const run = Date.now().toString(36);
    const key = await elastic.security.createApiKey({ name: `last-used-${run}` });
    const before = Date.now();
    await new Client({ node, auth: { apiKey: key.encoded } }).security.authenticate();

    // The function answers after a short wait for the write; DynamoDB Local may finish it later.
    let got = await elastic.security.getApiKey({ id: key.id });
    for (
      let attempt = 0;
      attempt < 50 && got.api_keys[0]?.['last_used' as never] === undefined;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      got = await elastic.security.getApiKey({ id: key.id });
    }
    const queried = await elastic.security.queryApiKeys({
      query: {
        bool: {
          filter: [{ term: { name: `last-used-${run}` } }, { exists: { field: 'last_used' } }],
        },
      },
      sort: [{ last_used: { order: 'desc' } }],
    });

    const lastUsed = (got.api_keys[0] as unknown as { last_used?: number }).last_used;
    expect(lastUsed).toBeGreaterThanOrEqual(before);
    expect(queried.api_keys.map((k) => k.id)).toEqual([key.id]);
    expect((queried.api_keys[0] as unknown as { last_used?: number }).last_used).toBe(lastUsed);
  });
});
