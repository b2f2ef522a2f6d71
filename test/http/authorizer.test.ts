import { Client } from '@elastic/elasticsearch';
import { describe, expect, inject, it } from 'vitest';

const url = inject('offlineUrl');
const elastic = new Client({
  node: url,
  auth: { username: 'elastic', password: inject('elasticPassword') },
});

async function keyWith(roleDescriptors: Record<string, unknown>) {
  return elastic.security.createApiKey({
    name: `gateway-${Date.now()}`,
    role_descriptors: roleDescriptors,
    metadata: { tier: 'gold' },
  } as Parameters<typeof elastic.security.createApiKey>[0]);
}

const call = (method: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { method, headers });

/** The same example backend behind the REST API authorizer and behind the HTTP API one. */
const esRefusal = (status: number) => ({
  error: expect.objectContaining({ type: 'security_exception' }),
  status,
});
// HTTP APIs have no gateway responses: API Gateway's own bodies.
const httpApiRefusal = (status: number) => ({
  message: status === 401 ? 'Unauthorized' : 'Forbidden',
});

describe.each([
  { api: 'REST API', prefix: '/example', refusal: esRefusal },
  {
    api: 'HTTP API (payload 2.0, simple responses)',
    prefix: '/example-http',
    refusal: httpApiRefusal,
  },
])('the authorizer in front of the example $api', ({ prefix, refusal }) => {
  it('allows a read-only key to GET, denies it POST, and names the key to the backend', async () => {
    const key = await keyWith({
      reader: {
        applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
      },
    });
    const auth = { authorization: `ApiKey ${key.encoded}` };

    const get = await call('GET', `${prefix}/anything`, auth);
    const post = await call('POST', `${prefix}/anything`, auth);

    expect(get.status).toBe(200);
    const body = (await get.json()) as {
      method: string;
      path: string;
      authorizer: Record<string, unknown>;
    };
    expect(body.method).toBe('GET');
    expect(body.path).toBe(`${prefix}/anything`);
    expect(body.authorizer).toMatchObject({
      apiKeyId: key.id,
      apiKeyName: key.name,
      username: 'elastic',
      realm: 'reserved',
      metadata: JSON.stringify({ tier: 'gold' }),
    });
    expect(post.status).toBe(403);
    expect(await post.json()).toEqual(refusal(403));
  });

  it('denies a key that has only index privileges with 403', async () => {
    const key = await keyWith({
      indexer: { indices: [{ names: ['logs-*'], privileges: ['read'] }] },
    });

    const response = await call('GET', `${prefix}/anything`, {
      authorization: `ApiKey ${key.encoded}`,
    });

    expect(response.status).toBe(403);
  });

  it('answers 401 without or with bad credentials', async () => {
    const none = await call('GET', `${prefix}/anything`);
    const bad = await call('GET', `${prefix}/anything`, { authorization: 'ApiKey bm9wZTpub3Bl' });

    expect(none.status).toBe(401);
    expect(bad.status).toBe(401);
    expect(await none.json()).toEqual(refusal(401));
    expect(await bad.json()).toEqual(refusal(401));
  });

  it('refuses a key on its very next request after invalidation', async () => {
    const key = await keyWith({
      all: { applications: [{ application: 'example', privileges: ['all'], resources: ['*'] }] },
    });
    const auth = { authorization: `ApiKey ${key.encoded}` };
    const before = await call('DELETE', `${prefix}/thing`, auth);

    await elastic.security.invalidateApiKey({ ids: [key.id] });
    const after = await call('DELETE', `${prefix}/thing`, auth);

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('lets the elastic superuser through with Basic credentials', async () => {
    const response = await call('PUT', `${prefix}/x`, {
      authorization: `Basic ${Buffer.from(`elastic:${inject('elasticPassword')}`).toString('base64')}`,
    });

    expect(response.status).toBe(200);
  });
});
