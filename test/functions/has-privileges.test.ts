import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/has-privileges.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment, userWith } from '../support/handler-env.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const check = (headers: Record<string, string>, body: unknown) =>
  invoke(handler, { method: 'POST', path: '/_security/user/_has_privileges', headers, body });

describe('security.has_privileges', () => {
  beforeAll(useHandlerEnvironment);

  it('answers for the caller`s cluster, index and application privileges', async () => {
    const user = await userWith(['manage_security'], {
      indices: [{ names: ['logs-*'], privileges: ['write', 'view_index_metadata'] }],
      applications: [{ application: 'example', privileges: ['read'], resources: ['/orders/*'] }],
    });

    const response = await check(user.auth, {
      cluster: ['manage_api_key', 'read_security', 'manage', 'all', 'manage_own_api_key'],
      index: [{ names: ['logs-2026', 'metrics'], privileges: ['index', 'create_doc', 'read'] }],
      application: [
        { application: 'example', privileges: ['read', 'write'], resources: ['/orders/1'] },
      ],
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      username: user.username,
      has_all_requested: false,
      cluster: {
        manage_api_key: true,
        read_security: true,
        manage: false,
        all: false,
        // manage_security's actions include every API key action (ES implication).
        manage_own_api_key: true,
      },
      index: {
        'logs-2026': { index: true, create_doc: true, read: false },
        metrics: { index: false, create_doc: false, read: false },
      },
      application: { example: { '/orders/1': { read: true, write: false } } },
    });
  });

  it('reports has_all_requested for a superuser', async () => {
    const response = await check(ELASTIC, {
      cluster: ['all', 'monitor'],
      index: [{ names: ['*'], privileges: ['all'] }],
    });

    expect(response.body.has_all_requested).toBe(true);
  });

  it('checks an API key on its effective privileges: its own role within its owner`s', async () => {
    const owner = await userWith(['manage_api_key', 'monitor']);
    const key = await createKey(owner.auth, {
      role_descriptors: { narrow: { cluster: ['monitor', 'manage_security'] } },
    });

    const response = await check(apiKeyAuth(key.encoded), {
      cluster: ['monitor', 'manage_api_key', 'manage_security'],
    });

    expect(response.body).toMatchObject({
      username: owner.username,
      has_all_requested: false,
      cluster: { monitor: true, manage_api_key: true, manage_security: false },
    });
  });

  it('tells a role holding manage that it holds manage, and not the security privileges', async () => {
    const user = await userWith(['manage']);
    const key = await createKey(ELASTIC, { role_descriptors: { r: { cluster: ['manage'] } } });

    const body = {
      cluster: ['manage', 'monitor', 'manage_ml', 'manage_own_api_key', 'read_security'],
    };
    const asUser = await check(user.auth, body);
    const asKey = await check(apiKeyAuth(key.encoded), body);

    const cluster = {
      manage: true,
      monitor: true,
      manage_ml: true,
      manage_own_api_key: false,
      read_security: false,
    };
    expect(asUser.body).toMatchObject({ has_all_requested: false, cluster });
    expect(asKey.body).toMatchObject({ has_all_requested: false, cluster });
  });

  it('tells elastic, a role with all and its API key that they hold manage_own_api_key', async () => {
    const user = await userWith(['all']);
    const key = await createKey(user.auth);
    const body = { cluster: ['manage_own_api_key', 'manage', 'all', 'none'] };

    const responses = await Promise.all(
      [ELASTIC, user.auth, apiKeyAuth(key.encoded)].map((auth) => check(auth, body)),
    );

    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        has_all_requested: true,
        cluster: { manage_own_api_key: true, manage: true, all: true, none: true },
      });
    }
  });

  it('tells a manage_own_api_key holder only about that privilege, not none', async () => {
    const user = await userWith(['manage_own_api_key']);

    const response = await check(user.auth, {
      cluster: ['manage_own_api_key', 'none', 'manage_api_key'],
    });

    expect(response.body.cluster).toEqual({
      manage_own_api_key: true,
      none: false,
      manage_api_key: false,
    });
  });

  it('rejects unknown privileges and malformed bodies with ES`s errors', async () => {
    const unknown = await check(ELASTIC, { cluster: ['teleport'] });
    const field = await check(ELASTIC, { indices: [] });
    const none = await check(ELASTIC, { cluster: [] });

    expect(unknown.status).toBe(400);
    expect(unknown.body.error.type).toBe('illegal_argument_exception');
    expect(unknown.body.error.reason).toMatch(/^unknown cluster privilege \[teleport\]\./);
    expect(field.body.error).toMatchObject({
      type: 'parse_exception',
      reason:
        'failed to parse privileges check [elastic/has_privileges]. unexpected field [indices]',
    });
    expect(none.body.error.reason).toBe(
      'Validation Failed: 1: must specify at least one privilege;',
    );
  });

  runCommonSecurityTests(handler, {
    method: 'POST',
    path: '/_security/user/_has_privileges',
    body: { cluster: ['monitor'] },
  });
});

describe('security.has_privileges with hostile names', () => {
  beforeAll(useHandlerEnvironment);

  it('treats __proto__, constructor and toString as plain names, granting nothing', async () => {
    const user = await userWith(['monitor']);

    const polluting = await check(user.auth, {
      application: [
        { application: '__proto__', privileges: ['read'], resources: ['secret-index', 'myapp'] },
      ],
      index: [{ names: ['constructor', '__proto__'], privileges: ['all'] }],
    });
    const after = await check(user.auth, {
      index: [{ names: ['secret-index'], privileges: ['read'] }],
      application: [{ application: 'toString', privileges: ['read'], resources: ['*'] }],
    });

    expect(polluting.body.has_all_requested).toBe(false);
    expect(polluting.body.index).toEqual(
      JSON.parse('{"__proto__":{"all":false},"constructor":{"all":false}}'),
    );
    expect(({} as Record<string, unknown>)['secret-index']).toBeUndefined();
    expect(after.body.has_all_requested).toBe(false);
    expect(after.body.application).toEqual({ toString: { '*': { read: false } } });
  });
});
