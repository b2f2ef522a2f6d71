import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authorizer } from '../../functions/handlers/authorizer.js';
import { handler as switchKey } from '../../functions/handlers/disable-enable-api-key.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as queryApiKeys } from '../../functions/handlers/query-api-keys.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment, userWith } from '../support/handler-env.js';
import { authenticateAs, keyInfo } from '../support/key-requests.js';
import { runCommonSecurityTests } from '../support/security-suite.js';
import { restEvent } from './authorizer-adapters.js';

const EXAMPLE_READER = {
  r: { applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }] },
};

const call = (
  action: '_disable' | '_enable',
  headers: Record<string, string>,
  id: string,
  body?: unknown,
) =>
  invoke(switchKey, {
    method: 'POST',
    path: `/_es_api_keys/api_key/${id}/${action}`,
    pathParameters: { id },
    headers,
    ...(body === undefined ? {} : { body }),
  });

async function authorize(encoded: string): Promise<string> {
  const event = restEvent('GET', '/example/a', apiKeyAuth(encoded));
  try {
    const result = await authorizer(event);
    return result.policyDocument.Statement[0]?.Effect ?? 'none';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('extension: POST /_es_api_keys/api_key/{id}/_disable and _enable', () => {
  beforeAll(useHandlerEnvironment);

  it('refuses a disabled key with 401 through REST and the authorizer, and lets it in again once enabled', async () => {
    const key = await createKey(ELASTIC, { role_descriptors: EXAMPLE_READER });
    const before = [(await authenticateAs(key.encoded)).status, await authorize(key.encoded)];

    const disabled = await call('_disable', ELASTIC, key.id);
    const refused = await authenticateAs(key.encoded);
    const denied = await authorize(key.encoded);
    const enabled = await call('_enable', ELASTIC, key.id);
    const after = [(await authenticateAs(key.encoded)).status, await authorize(key.encoded)];

    expect(before).toEqual([200, 'Allow']);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ updated: true, disabled: true });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({
      type: 'security_exception',
      additional_unsuccessful_credentials: `API key: api key [${key.id}] is disabled`,
    });
    expect(denied).toBe('Unauthorized');
    expect(enabled.body).toEqual({ updated: true, disabled: false });
    expect(after).toEqual([200, 'Allow']);
  });

  it('does not tell a wrong secret that the key is disabled', async () => {
    const key = await createKey(ELASTIC);
    await call('_disable', ELASTIC, key.id);
    const wrong = Buffer.from(`${key.id}:not-the-secret-at-all`).toString('base64');

    const response = await authenticateAs(wrong);

    expect(response.status).toBe(401);
    expect(response.body.error.additional_unsuccessful_credentials).toBe(
      `API key: invalid credentials for API key [${key.id}]`,
    );
  });

  it('shows `disabled: true` in get and query only while disabled, and answers a repeat as a noop', async () => {
    const key = await createKey(ELASTIC);
    const fields = Object.keys(await keyInfo(key.id));

    const first = await call('_disable', ELASTIC, key.id);
    const again = await call('_disable', ELASTIC, key.id);
    const whileDisabled = await keyInfo(key.id);
    const queried = await invoke(queryApiKeys, {
      method: 'POST',
      path: '/_security/_query/api_key',
      headers: ELASTIC,
      body: {
        query: { bool: { must: [{ term: { disabled: true } }, { ids: { values: [key.id] } }] } },
      },
    });
    const everything = await invoke(queryApiKeys, {
      method: 'POST',
      path: '/_security/_query/api_key',
      headers: ELASTIC,
      body: { query: { simple_query_string: { query: 'true', fields: ['*'] } } },
    });
    await call('_enable', ELASTIC, key.id);
    const enabled = await keyInfo(key.id);

    expect(first.body.updated).toBe(true);
    expect(again.body).toEqual({ updated: false, disabled: true });
    expect(whileDisabled.disabled).toBe(true);
    expect(queried.body.api_keys.map((k: { id: string }) => k.id)).toEqual([key.id]);
    // A field pattern covers the fields ES has, not the extension's.
    expect(everything.body.api_keys.map((k: { id: string }) => k.id)).not.toContain(key.id);
    expect(Object.keys(enabled)).toEqual(fields);
    expect(enabled).not.toHaveProperty('disabled');
  });

  it('follows the invalidate rules: own keys with manage_own_api_key, any with manage_api_key', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const other = await userWith(['manage_own_api_key']);
    const admin = await userWith(['manage_api_key']);
    const monitor = await userWith(['monitor']);
    const key = await createKey(owner.auth);

    const byOther = await call('_disable', other.auth, key.id);
    const unknown = await call('_disable', owner.auth, 'no-such-key');
    const byMonitor = await call('_disable', monitor.auth, key.id);
    const byOwner = await call('_disable', owner.auth, key.id);
    const byAdmin = await call('_enable', admin.auth, key.id);

    expect(byOther.status).toBe(404);
    expect(byOther.body.error).toMatchObject({
      type: 'resource_not_found_exception',
      reason: `no API key found for ID [${key.id}]`,
    });
    expect(unknown.body.error.reason).toBe('no API key found for ID [no-such-key]');
    expect(byMonitor.status).toBe(403);
    expect(byMonitor.body.error.reason).toMatch(
      /^action \[cluster:admin\/xpack\/security\/api_key\/invalidate\] is unauthorized for user .*, this action is granted by the cluster privileges \[manage_own_api_key,manage_api_key,manage_security,all\]$/,
    );
    expect(byOwner.body).toEqual({ updated: true, disabled: true });
    expect(byAdmin.body).toEqual({ updated: true, disabled: false });
  });

  it('lets an API key disable itself, as it may invalidate itself, but not a sibling', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);
    const sibling = await createKey(owner.auth);

    const onSibling = await call('_disable', apiKeyAuth(key.encoded), sibling.id);
    const onItself = await call('_disable', apiKeyAuth(key.encoded), key.id);
    const afterwards = await authenticateAs(key.encoded);

    expect(onSibling.status).toBe(403);
    expect(onItself.body).toEqual({ updated: true, disabled: true });
    expect(afterwards.status).toBe(401);
  });

  it('keeps invalidation final: an invalidated key can be neither enabled nor disabled', async () => {
    const key = await createKey(ELASTIC);
    await call('_disable', ELASTIC, key.id);
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [key.id] },
    });

    const enable = await call('_enable', ELASTIC, key.id);
    const disable = await call('_disable', ELASTIC, key.id);

    expect(enable.status).toBe(400);
    expect(enable.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: `cannot enable invalidated API key [${key.id}]`,
    });
    expect(disable.body.error.reason).toBe(`cannot disable invalidated API key [${key.id}]`);
    expect((await authenticateAs(key.encoded)).status).toBe(401);
  });

  it('refuses a body with 400', async () => {
    const key = await createKey(ELASTIC);

    const response = await call('_disable', ELASTIC, key.id, { reason: 'x' });

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: `request [POST /_es_api_keys/api_key/${key.id}/_disable] does not support having a body`,
    });
    expect(await keyInfo(key.id)).not.toHaveProperty('disabled');
  });

  runCommonSecurityTests(switchKey, {
    method: 'POST',
    path: '/_es_api_keys/api_key/some-id/_disable',
    pathParameters: { id: 'some-id' },
  });
});
