import { request as httpRequest } from 'node:http';
import { Client, errors } from '@elastic/elasticsearch';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const node = inject('offlineUrl');
const password = inject('elasticPassword');

const elastic = new Client({ node, auth: { username: 'elastic', password } });
const run = Date.now().toString(36);
const username = `km-user-${run}`;
const userPassword = `km-password-${run}`;
const asUser = new Client({ node, auth: { username, password: userPassword } });

describe('the official client: query, update, bulk update, grant, has_privileges, clear cache', () => {
  beforeAll(async () => {
    await elastic.security.putRole({
      name: `km-role-${run}`,
      cluster: ['manage_own_api_key', 'monitor'],
    });
    await elastic.security.putUser({
      username,
      password: userPassword,
      roles: [`km-role-${run}`],
    });
  });

  it('queries keys with a query, sort, paging and typed aggregations', async () => {
    for (const name of ['q-alpha', 'q-bravo', 'q-charlie']) {
      await asUser.security.createApiKey({ name, metadata: { run } });
    }

    const page = await asUser.security.queryApiKeys({
      query: { bool: { filter: [{ term: { 'metadata.run': run } }, { prefix: { name: 'q-' } }] } },
      sort: [{ name: { order: 'desc' } }],
      size: 2,
      aggregations: { names: { cardinality: { field: 'name' } } },
      typed_keys: true,
    });
    const next = await asUser.security.queryApiKeys({
      query: { term: { 'metadata.run': run } },
      sort: [{ name: { order: 'desc' } }],
      search_after: page.api_keys[1]?._sort ?? [],
    });

    expect(page.total).toBe(3);
    expect(page.count).toBe(2);
    expect(page.api_keys.map((k) => k.name)).toEqual(['q-charlie', 'q-bravo']);
    expect(page.aggregations).toEqual({ 'cardinality#names': { value: 3 } });
    expect(next.api_keys.map((k) => k.name)).toEqual(['q-alpha']);
  });

  it('answers a GET without a body, as curl would send it', async () => {
    const response = await fetch(`${node}/_security/_query/api_key`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${username}:${userPassword}`).toString('base64')}`,
      },
    });
    const body = (await response.json()) as { total: number; count: number };

    expect(response.status).toBe(200);
    expect(body.total).toBeGreaterThanOrEqual(body.count);
  });

  it('refuses a GET whose body the gateway dropped, rather than ignore the query', async () => {
    const body = JSON.stringify({ query: { term: { 'metadata.run': run } }, size: 1 });
    const url = new URL(`${node}/_security/_query/api_key`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        url,
        {
          method: 'GET',
          headers: {
            Authorization: `Basic ${Buffer.from(`${username}:${userPassword}`).toString('base64')}`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    const parsed = JSON.parse(answer.body) as { error: { type: string; reason: string } };

    expect(answer.status).toBe(400);
    expect(parsed.error.type).toBe('illegal_argument_exception');
    expect(parsed.error.reason).toMatch(/send it with POST$/);
  });

  it('updates one key and many keys', async () => {
    const a = await asUser.security.createApiKey({ name: 'u-a' });
    const b = await asUser.security.createApiKey({ name: 'u-b' });

    const single = await asUser.security.updateApiKey({ id: a.id, metadata: { v: 2 } });
    const again = await asUser.security.updateApiKey({ id: a.id, metadata: { v: 2 } });
    const bulk = await asUser.security.bulkUpdateApiKeys({
      ids: [a.id, b.id, 'missing-id'],
      metadata: { v: 2 },
    });
    const refused = asUser.security.updateApiKey({ id: 'missing-id' });

    expect(single.updated).toBe(true);
    expect(again.updated).toBe(false);
    expect(bulk.updated).toEqual([b.id]);
    expect(bulk.noops).toEqual([a.id]);
    expect(bulk.errors?.count).toBe(1);
    await expect(refused).rejects.toBeInstanceOf(errors.ResponseError);
    await expect(refused).rejects.toMatchObject({
      meta: { statusCode: 404, body: { error: { type: 'resource_not_found_exception' } } },
    });
  });

  it('grants a key for a user whose password the caller presents', async () => {
    const granted = await elastic.security.grantApiKey({
      grant_type: 'password',
      username,
      password: userPassword,
      api_key: { name: 'granted', expiration: '1h' },
    });
    const asKey = new Client({ node, auth: { apiKey: granted.encoded } });
    const who = await asKey.security.authenticate();
    const refused = elastic.security.grantApiKey({
      grant_type: 'password',
      username,
      password: 'not-the-password',
      api_key: { name: 'granted' },
    });

    expect(who.username).toBe(username);
    await expect(refused).rejects.toMatchObject({ meta: { statusCode: 403 } });
  });

  it('checks privileges for a user and for an API key', async () => {
    const user = await asUser.security.hasPrivileges({
      cluster: ['monitor', 'manage_security'],
      index: [{ names: ['logs'], privileges: ['read'] }],
    });
    const key = await asUser.security.createApiKey({
      name: 'narrow',
      role_descriptors: { none: { cluster: [] } },
    });
    const asKey = new Client({ node, auth: { apiKey: key.encoded } });
    const narrowed = await asKey.security.hasPrivileges({ cluster: ['monitor'] });

    expect(user).toEqual({
      username,
      has_all_requested: false,
      cluster: { monitor: true, manage_security: false },
      index: { logs: { read: false } },
      application: {},
    });
    expect(narrowed.cluster).toEqual({ monitor: false });
  });

  it('clears the API key cache', async () => {
    const key = await elastic.security.createApiKey({ name: 'cached' });

    const cleared = await elastic.security.clearApiKeyCache({ ids: [key.id, 'other'] });
    const all = await elastic.security.clearApiKeyCache({ ids: '*' });

    expect(cleared._nodes).toEqual({ total: 1, successful: 1, failed: 0 });
    expect(all.cluster_name).toBe('es-api-keys-test');
  });
});
