import { describe, expect, inject, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Json = any;

async function json(response: Response): Promise<Json> {
  return response.json();
}

const url = inject('offlineUrl');
const elastic = `Basic ${Buffer.from(`elastic:${inject('elasticPassword')}`).toString('base64')}`;

describe('the REST surface through serverless-offline', () => {
  it('answers 401 with WWW-Authenticate and ES`s error body without credentials', async () => {
    const response = await fetch(`${url}/_security/_authenticate`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('ApiKey');
    expect(await json(response)).toMatchObject({
      error: {
        type: 'security_exception',
        reason: 'missing authentication credentials for REST request [/_security/_authenticate]',
      },
      status: 401,
    });
  });

  it('answers malformed JSON with an ES-style 400', async () => {
    const response = await fetch(`${url}/_security/api_key`, {
      method: 'POST',
      headers: { authorization: elastic, 'content-type': 'application/json' },
      body: '{"name": "broken",',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect((await json(response)).error.type).toMatch(/^x_content_/);
  });

  it('runs the documented curl flow: create, authenticate, get by name, invalidate, refuse', async () => {
    const name = `curl-flow-${Date.now()}`;
    const created = await json(
      await fetch(`${url}/_security/api_key`, {
        method: 'POST',
        headers: { authorization: elastic, 'content-type': 'application/json' },
        body: JSON.stringify({ name, expiration: '1d' }),
      }),
    );
    const asKey = { authorization: `ApiKey ${created.encoded}` };

    const who = await fetch(`${url}/_security/_authenticate`, { headers: asKey });
    const byName = await json(
      await fetch(`${url}/_security/api_key?name=${name}`, { headers: { authorization: elastic } }),
    );
    const invalidated = await fetch(`${url}/_security/api_key`, {
      method: 'DELETE',
      headers: { authorization: elastic, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [created.id] }),
    });
    const after = await fetch(`${url}/_security/_authenticate`, { headers: asKey });

    expect(who.status).toBe(200);
    expect(who.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(byName.api_keys.map((k: { id: string }) => k.id)).toEqual([created.id]);
    expect(invalidated.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('serves ?pretty output', async () => {
    const response = await fetch(`${url}/_security/_authenticate?pretty`, {
      headers: { authorization: elastic },
    });

    expect(await response.text()).toMatch(/^\{\n {2}"username" : "elastic",\n/);
  });
});
