import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';

const get = (headers: Record<string, string>, query: Record<string, string> = {}) =>
  invoke(handler, { method: 'GET', path: '/_security/api_key', headers, query });

describe('security.get_api_key', () => {
  beforeAll(useHandlerEnvironment);

  it('returns a key by id with ES`s fields and never its secret or hash', async () => {
    const key = await createKey(ELASTIC, { metadata: { app: 'billing' }, expiration: '1h' });

    const response = await get(ELASTIC, { id: key.id });

    expect(response.status).toBe(200);
    expect(response.body.api_keys).toHaveLength(1);
    const info = response.body.api_keys[0];
    expect(Object.keys(info)).toEqual([
      'id',
      'name',
      'type',
      'creation',
      'expiration',
      'invalidated',
      'username',
      'realm',
      'realm_type',
      'metadata',
      'role_descriptors',
    ]);
    expect(info).toMatchObject({
      id: key.id,
      name: key.name,
      type: 'rest',
      expiration: key.expiration,
      invalidated: false,
      username: 'elastic',
      realm: 'reserved',
      realm_type: 'reserved',
      metadata: { app: 'billing' },
      role_descriptors: {},
    });
    expect(response.raw).not.toContain(key.api_key);
    expect(response.raw).not.toMatch(/\$2[aby]\$|SSHA256|hash/);
  });

  it('answers 404 with an empty list for an unknown id', async () => {
    const response = await get(ELASTIC, { id: 'does-not-exist' });

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ api_keys: [] });
  });

  it('matches names exactly or by trailing-* prefix', async () => {
    const prefix = unique('svc');
    await createKey(ELASTIC, { name: `${prefix}-a` });
    await createKey(ELASTIC, { name: `${prefix}-b` });
    await createKey(ELASTIC, { name: `other-${prefix}` });

    const exact = await get(ELASTIC, { name: `${prefix}-a` });
    const byPrefix = await get(ELASTIC, { name: `${prefix}*` });

    expect(exact.body.api_keys.map((k: { name: string }) => k.name)).toEqual([`${prefix}-a`]);
    expect(byPrefix.body.api_keys.map((k: { name: string }) => k.name).sort()).toEqual([
      `${prefix}-a`,
      `${prefix}-b`,
    ]);
  });

  it('returns the limited_by snapshot as a one-element array only when asked', async () => {
    const key = await createKey(ELASTIC, {
      role_descriptors: { reader: { cluster: ['monitor'] } },
    });

    const plain = await get(ELASTIC, { id: key.id });
    const limited = await get(ELASTIC, { id: key.id, with_limited_by: 'true' });

    expect(plain.body.api_keys[0].limited_by).toBeUndefined();
    expect(plain.body.api_keys[0].role_descriptors).toEqual({
      reader: {
        cluster: ['monitor'],
        indices: [],
        applications: [],
        run_as: [],
        metadata: {},
        transient_metadata: { enabled: true },
      },
    });
    expect(limited.body.api_keys[0].limited_by).toHaveLength(1);
    expect(Object.keys(limited.body.api_keys[0].limited_by[0])).toEqual(['superuser']);
  });

  it('filters out invalidated and expired keys with active_only', async () => {
    const name = unique('active');
    const live = await createKey(ELASTIC, { name });
    const dead = await createKey(ELASTIC, { name });
    const expired = await createKey(ELASTIC, { name, expiration: '0s' });
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [dead.id] },
    });

    const all = await get(ELASTIC, { name });
    const active = await get(ELASTIC, { name, active_only: 'true' });

    expect(all.body.api_keys.map((k: { id: string }) => k.id).sort()).toEqual(
      [live.id, dead.id, expired.id].sort(),
    );
    expect(active.body.api_keys.map((k: { id: string }) => k.id)).toEqual([live.id]);
    const invalidated = all.body.api_keys.find((k: { id: string }) => k.id === dead.id);
    expect(invalidated.invalidated).toBe(true);
    expect(typeof invalidated.invalidation).toBe('number');
  });

  it('lets a manage_own_api_key user list its own keys with owner=true, and nobody else`s', async () => {
    const alice = await userWith(['manage_own_api_key']);
    const bob = await userWith(['manage_own_api_key']);
    const aliceKey = await createKey(alice.auth);
    await createKey(bob.auth);

    const response = await get(alice.auth, { owner: 'true' });

    expect(response.status).toBe(200);
    expect(response.body.api_keys.map((k: { id: string }) => k.id)).toEqual([aliceKey.id]);
  });

  it('refuses a manage_own_api_key user listing all keys with ES`s 403', async () => {
    const alice = await userWith(['manage_own_api_key']);

    const response = await get(alice.auth);

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toContain(
      'this action is granted by the cluster privileges [read_security,manage_api_key,manage_security,all]',
    );
  });

  it('lets read_security see every key but not invalidate them', async () => {
    const auditor = await userWith(['read_security']);
    const key = await createKey(ELASTIC);

    const response = await get(auditor.auth, { id: key.id });
    const denied = await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: auditor.auth,
      body: { ids: [key.id] },
    });

    expect(response.status).toBe(200);
    expect(response.body.api_keys).toHaveLength(1);
    expect(denied.status).toBe(403);
  });

  it('lets an API key with manage_own_api_key fetch only itself', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);
    const sibling = await createKey(owner.auth);

    const itself = await get(apiKeyAuth(key.encoded), { id: key.id });
    const other = await get(apiKeyAuth(key.encoded), { id: sibling.id });

    expect(itself.status).toBe(200);
    expect(itself.body.api_keys[0].id).toBe(key.id);
    expect(other.status).toBe(403);
  });

  it.each([
    [
      { id: 'a', username: 'u' },
      'username or realm name must not be specified when the api key id or api key name is specified',
    ],
    [
      { owner: 'true', realm_name: 'r' },
      'neither username nor realm-name may be specified when retrieving owned API keys',
    ],
    [{ id: 'a', name: 'b' }, 'only one of [api key id, api key name] can be specified'],
  ])('rejects %j with a validation error', async (query, message) => {
    const response = await get(ELASTIC, query);

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(`Validation Failed: 1: ${message};`);
  });

  it('rejects a non-boolean flag with 400', async () => {
    const response = await get(ELASTIC, { owner: 'maybe' });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('illegal_argument_exception');
  });
});
