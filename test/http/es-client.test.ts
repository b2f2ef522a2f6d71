import { Client, errors } from '@elastic/elasticsearch';
import { describe, expect, inject, it } from 'vitest';

const node = inject('offlineUrl');
const password = inject('elasticPassword');

const elastic = new Client({ node, auth: { username: 'elastic', password } });

describe('the official Elasticsearch client against the local gateway', () => {
  it('creates, authenticates with, gets and invalidates a key', async () => {
    const created = await elastic.security.createApiKey({
      name: 'client-key',
      expiration: '1h',
      metadata: { team: 'payments' },
    });
    const asKey = new Client({ node, auth: { apiKey: created.encoded } });

    const who = await asKey.security.authenticate();
    const got = await elastic.security.getApiKey({ id: created.id });
    const invalidated = await elastic.security.invalidateApiKey({ ids: [created.id] });
    const refused = asKey.security.authenticate();

    expect(created.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(who.authentication_type).toBe('api_key');
    expect(who.api_key).toEqual({ id: created.id, name: 'client-key' });
    expect(got.api_keys).toHaveLength(1);
    expect(got.api_keys[0]?.metadata).toEqual({ team: 'payments' });
    expect(invalidated.invalidated_api_keys).toEqual([created.id]);
    await expect(refused).rejects.toBeInstanceOf(errors.ResponseError);
    await expect(refused).rejects.toMatchObject({ meta: { statusCode: 401 } });
  });

  it('authenticates with an id/api_key pair as well as with encoded', async () => {
    const created = await elastic.security.createApiKey({ name: 'pair-key' });
    const asKey = new Client({
      node,
      auth: { apiKey: { id: created.id, api_key: created.api_key } },
    });

    const who = await asKey.security.authenticate();

    expect(who.api_key?.id).toBe(created.id);
  });

  it('surfaces ES errors with their type and status', async () => {
    const attempt = elastic.security.createApiKey({ name: '_reserved' });

    await expect(attempt).rejects.toMatchObject({
      meta: {
        statusCode: 400,
        body: { error: { type: 'action_request_validation_exception' }, status: 400 },
      },
    });
  });

  it('answers 404 with an empty list for an unknown id', async () => {
    const attempt = elastic.security.getApiKey({ id: 'no-such-key' });

    await expect(attempt).rejects.toMatchObject({
      meta: { statusCode: 404, body: { api_keys: [] } },
    });
  });

  it('manages users and roles', async () => {
    await elastic.security.putRole({ name: 'client-role', cluster: ['manage_own_api_key'] });
    const put = await elastic.security.putUser({
      username: 'client-user',
      password: 'client-password',
      roles: ['client-role'],
    });
    const asUser = new Client({
      node,
      auth: { username: 'client-user', password: 'client-password' },
    });

    const key = await asUser.security.createApiKey({ name: 'users-own' });
    const own = await asUser.security.getApiKey({ owner: true });
    const user = await elastic.security.getUser({ username: 'client-user' });
    const deleted = await elastic.security.deleteUser({ username: 'client-user' });

    expect(put.created).toBe(true);
    expect(own.api_keys.map((k) => k.id)).toEqual([key.id]);
    expect(user['client-user']?.roles).toEqual(['client-role']);
    expect(deleted.found).toBe(true);
  });
});
