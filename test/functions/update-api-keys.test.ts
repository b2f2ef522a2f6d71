import { beforeAll, describe, expect, it } from 'vitest';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as update } from '../../functions/handlers/update-api-key.js';
import { handler as users } from '../../functions/handlers/users.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  putRole,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const put = (headers: Record<string, string>, id: string, body?: unknown) =>
  invoke(update, {
    method: 'PUT',
    path: `/_security/api_key/${id}`,
    pathParameters: { ids: id },
    headers,
    ...(body === undefined ? {} : { body }),
  });

const bulk = (headers: Record<string, string>, body: unknown) =>
  invoke(bulkUpdate, { method: 'POST', path: '/_security/api_key/_bulk_update', headers, body });

async function stored(id: string, withLimitedBy = false) {
  const response = await invoke(getApiKeys, {
    method: 'GET',
    path: '/_security/api_key',
    headers: ELASTIC,
    query: { id, ...(withLimitedBy ? { with_limited_by: 'true' } : {}) },
  });
  return response.body.api_keys[0];
}

describe('security.update_api_key', () => {
  beforeAll(useHandlerEnvironment);

  it('replaces metadata and role descriptors, then reports an identical update as a noop', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth, { metadata: { a: 1, keep: 'no' } });
    const body = {
      metadata: { env: 'prod' },
      role_descriptors: { reader: { cluster: ['monitor'] } },
    };

    const first = await put(owner.auth, key.id, body);
    const second = await put(owner.auth, key.id, body);
    const info = await stored(key.id);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ updated: true });
    expect(second.body).toEqual({ updated: false });
    expect(info.metadata).toEqual({ env: 'prod' });
    expect(info.role_descriptors.reader.cluster).toEqual(['monitor']);
  });

  it('accepts no body at all, and re-snapshots limited_by when the owner`s roles changed', async () => {
    const role = unique('role');
    await putRole(role, { cluster: ['manage_own_api_key'] });
    const username = unique('user');
    const password = `${username}-password`;
    const putUser = (roles: string[]) =>
      invoke(users, {
        method: 'PUT',
        path: `/_security/user/${username}`,
        pathParameters: { username },
        headers: ELASTIC,
        body: { password, roles },
      });
    await putUser([role]);
    const auth = {
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    };
    const key = await createKey(auth);
    const unchanged = await put(auth, key.id);
    const extra = unique('role');
    await putRole(extra, { cluster: ['monitor'] });
    await putUser([role, extra]);

    const changed = await put(auth, key.id);
    const info = await stored(key.id, true);

    expect(unchanged.body).toEqual({ updated: false });
    expect(changed.body).toEqual({ updated: true });
    expect(Object.keys(info.limited_by[0]).sort()).toEqual([extra, role].sort());
  });

  it('sets a new expiration counted from now', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);
    const before = Date.now();

    const response = await put(owner.auth, key.id, { expiration: '2d' });
    const info = await stored(key.id);

    expect(response.body).toEqual({ updated: true });
    expect(info.expiration).toBeGreaterThanOrEqual(before - 1000 + 2 * 86_400_000);
    expect(info.expiration).toBeLessThanOrEqual(Date.now() + 2 * 86_400_000);
  });

  it('answers 404 for a key of another user and for an unknown id, revealing nothing', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const other = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);

    for (const id of [key.id, 'no-such-key']) {
      const response = await put(other.auth, id, { metadata: {} });

      expect(response.status).toBe(404);
      expect(response.body.error).toMatchObject({
        type: 'resource_not_found_exception',
        reason: `no API key owned by requesting user found for ID [${id}]`,
      });
    }
  });

  it('refuses invalidated and expired keys with ES`s 400', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const invalidated = await createKey(owner.auth);
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [invalidated.id] },
    });
    const expired = await createKey(owner.auth, { expiration: '0s' });

    const a = await put(owner.auth, invalidated.id, {});
    const b = await put(owner.auth, expired.id, {});

    expect(a.status).toBe(400);
    expect(a.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: `cannot update invalidated API key [${invalidated.id}]`,
    });
    expect(b.body.error.reason).toBe(`cannot update expired API key [${expired.id}]`);
  });

  it('refuses an API key caller, even updating itself', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);

    const response = await put(apiKeyAuth(key.encoded), key.id, { metadata: {} });

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: 'authentication via API key not supported: only the owner user can update an API key',
    });
  });

  it('answers 403 for a caller without an API key privilege', async () => {
    const user = await userWith(['monitor']);

    const response = await put(user.auth, 'some-id', {});

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toMatch(
      new RegExp(
        `^action \\[cluster:admin/xpack/security/api_key/update\\] is unauthorized for user \\[${user.username}\\] with effective roles \\[role-[^\\]]+\\], this action is granted by the cluster privileges \\[manage_own_api_key,manage_api_key,manage_security,all\\]$`,
      ),
    );
  });

  it('validates the body as ES does: unknown fields, reserved metadata, non-positive expiration', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);

    const unknown = await put(owner.auth, key.id, { name: 'renamed' });
    const invalid = await put(owner.auth, key.id, { metadata: { _x: 1 }, expiration: '0s' });
    const info = await stored(key.id);

    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      type: 'x_content_parse_exception',
      reason: '[1:2] [update_api_key_request_payload] unknown field [name]',
    });
    expect(invalid.body.error).toMatchObject({
      type: 'action_request_validation_exception',
      reason:
        'Validation Failed: 1: API key metadata keys may not start with [_];2: API key expiration must be in the future;',
    });
    expect(info.name).toBe(key.name);
    expect(info.metadata).toEqual({});
  });

  runCommonSecurityTests(update, {
    method: 'PUT',
    path: '/_security/api_key/some-id',
    pathParameters: { ids: 'some-id' },
    body: {},
  });
});

describe('security.bulk_update_api_keys', () => {
  beforeAll(useHandlerEnvironment);

  it('reports updated, noops and per-key errors with status 200', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const fresh = await createKey(owner.auth);
    const same = await createKey(owner.auth, { metadata: { tier: 'gold' } });
    const gone = await createKey(owner.auth);
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [gone.id] },
    });
    await put(owner.auth, same.id, { metadata: { tier: 'gold' } });

    const response = await bulk(owner.auth, {
      ids: [fresh.id, same.id, gone.id, 'missing', fresh.id],
      metadata: { tier: 'gold' },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      updated: [fresh.id],
      noops: [same.id],
      errors: {
        count: 2,
        details: {
          [gone.id]: {
            type: 'illegal_argument_exception',
            reason: `cannot update invalidated API key [${gone.id}]`,
          },
          missing: {
            type: 'resource_not_found_exception',
            reason: 'no API key owned by requesting user found for ID [missing]',
          },
        },
      },
    });
    expect((await stored(fresh.id)).metadata).toEqual({ tier: 'gold' });
  });

  it('omits errors when there are none', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);

    const response = await bulk(owner.auth, { ids: key.id, role_descriptors: {} });

    expect(response.body).toEqual({ updated: [], noops: [key.id] });
  });

  it('reports ids that cannot exist as not found, without failing the request', async () => {
    const response = await bulk(ELASTIC, { ids: ['', 'x'.repeat(3000)], metadata: {} });

    expect(response.status).toBe(200);
    expect(response.body.errors.count).toBe(2);
    expect(response.body.errors.details['']).toMatchObject({
      type: 'resource_not_found_exception',
    });
  });

  it('requires ids', async () => {
    const missing = await bulk(ELASTIC, { metadata: {} });
    const empty = await bulk(ELASTIC, { ids: [] });

    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: 'Required [ids]',
    });
    expect(empty.body.error.reason).toBe('Validation Failed: 1: Field [ids] cannot be empty;');
  });
});
