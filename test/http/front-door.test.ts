import { Client } from '@elastic/elasticsearch';
import { describe, expect, inject, it } from 'vitest';

const url = inject('offlineUrl');
const password = inject('elasticPassword');
const elastic = `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`;

async function asJson(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe('GET / and the route fallback, as Elasticsearch answers them', () => {
  it('answers the official client`s info() with a stable cluster identity', async () => {
    const client = new Client({ node: url, auth: { username: 'elastic', password } });

    const first = await client.info();
    const second = await client.info();

    expect(first).toMatchObject({
      name: expect.any(String),
      cluster_name: 'es-api-keys-test',
      cluster_uuid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      version: {
        number: '9.1.0',
        build_flavor: 'default',
        build_snapshot: false,
        minimum_wire_compatibility_version: '8.19.0',
        minimum_index_compatibility_version: '8.0.0',
      },
      tagline: 'You Know, for Search',
    });
    expect(second.cluster_uuid).toBe(first.cluster_uuid);
  });

  it('answers HEAD / with 200 and no body', async () => {
    const response = await fetch(`${url}/`, {
      method: 'HEAD',
      headers: { authorization: elastic },
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('requires credentials for GET /, as ES does with security on', async () => {
    const response = await fetch(`${url}/`);

    expect(response.status).toBe(401);
    expect(await asJson(response)).toMatchObject({
      error: { reason: 'missing authentication credentials for REST request [/]' },
      status: 401,
    });
  });

  it('refuses GET / to a user without the monitor privilege', async () => {
    const name = `front-${Date.now()}`;
    const created = await fetch(`${url}/_security/user/${name}`, {
      method: 'PUT',
      headers: { authorization: elastic, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'front-door-secret', roles: [] }),
    });
    expect(created.status).toBe(200);

    const response = await fetch(`${url}/`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${name}:front-door-secret`).toString('base64')}`,
      },
    });

    expect(response.status).toBe(403);
    expect(await asJson(response)).toMatchObject({
      error: {
        type: 'security_exception',
        reason: `action [cluster:monitor/main] is unauthorized for user [${name}] with effective roles [], this action is granted by the cluster privileges [monitor,manage,all]`,
      },
    });
  });

  it('answers an unknown path with ES`s 400, the query string included', async () => {
    const response = await fetch(`${url}/no/such/path?x=1`, {
      method: 'POST',
      headers: { authorization: elastic, 'content-type': 'application/json' },
      body: '{not json',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(await asJson(response)).toEqual({
      error: 'no handler found for uri [/no/such/path?x=1] and method [POST]',
    });
  });

  it('answers a parent of known paths with ES`s 400', async () => {
    const response = await fetch(`${url}/_security`, { headers: { authorization: elastic } });

    expect(response.status).toBe(400);
    expect(await asJson(response)).toEqual({
      error: 'no handler found for uri [/_security] and method [GET]',
    });
  });

  it('answers a known path with another method with 405 and Allow', async () => {
    const response = await fetch(`${url}/_security/_authenticate`, {
      method: 'DELETE',
      headers: { authorization: elastic },
    });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await asJson(response)).toEqual({
      error:
        'Incorrect HTTP method for uri [/_security/_authenticate] and method [DELETE], allowed: [GET]',
      status: 405,
    });
  });

  it('lists the methods of a templated path in ES`s order', async () => {
    const response = await fetch(`${url}/_security/api_key/some-id`, {
      method: 'PATCH',
      headers: { authorization: elastic },
    });
    const root = await fetch(`${url}/`, { method: 'DELETE', headers: { authorization: elastic } });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('PUT');
    expect(root.status).toBe(405);
    expect(root.headers.get('allow')).toBe('GET,HEAD');
    expect(await asJson(root)).toEqual({
      error: 'Incorrect HTTP method for uri [/] and method [DELETE], allowed: [GET, HEAD]',
      status: 405,
    });
  });

  it('authenticates before it routes', async () => {
    const response = await fetch(`${url}/no/such/path`);

    expect(response.status).toBe(401);
    expect(await asJson(response)).toMatchObject({
      error: { reason: 'missing authentication credentials for REST request [/no/such/path]' },
    });
  });

  it('answers OPTIONS with 200 and Allow, without credentials', async () => {
    const response = await fetch(`${url}/_security/api_key`, { method: 'OPTIONS' });

    expect(response.status).toBe(200);
    expect(response.headers.get('allow')).toBe('GET,POST,PUT,DELETE');
  });
});
