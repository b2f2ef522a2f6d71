import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/authenticate.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidateApiKeys } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as roles } from '../../functions/handlers/roles.js';
import { handler as users } from '../../functions/handlers/users.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment, userWith } from '../support/handler-env.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const whoAmI = (headers: Record<string, string>, query?: Record<string, string>) =>
  invoke(handler, {
    method: 'GET',
    path: '/_security/_authenticate',
    headers,
    ...(query ? { query } : {}),
  });

describe('security.authenticate', () => {
  beforeAll(useHandlerEnvironment);

  it('describes the elastic superuser of the reserved realm', async () => {
    const response = await whoAmI(ELASTIC);

    expect(response.status).toBe(200);
    expect(response.raw).toBe(
      '{"username":"elastic","roles":["superuser"],"full_name":null,"email":null,"metadata":{"_reserved":true},"enabled":true,"authentication_realm":{"name":"reserved","type":"reserved"},"lookup_realm":{"name":"reserved","type":"reserved"},"authentication_type":"realm"}',
    );
  });

  it('describes a native user', async () => {
    const { username, auth } = await userWith(['monitor']);

    const response = await whoAmI(auth);

    expect(response.status).toBe(200);
    expect(response.body.username).toBe(username);
    expect(response.body.authentication_realm).toEqual({ name: 'default_native', type: 'native' });
    expect(response.body.authentication_type).toBe('realm');
  });

  it('describes an API key as its owner with no roles and the key`s id and name', async () => {
    const key = await createKey(ELASTIC, { name: 'whoami-key' });

    const response = await whoAmI(apiKeyAuth(key.encoded));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      username: 'elastic',
      roles: [],
      full_name: null,
      email: null,
      metadata: { _reserved: true },
      enabled: true,
      authentication_realm: { name: '_es_api_key', type: '_es_api_key' },
      lookup_realm: { name: '_es_api_key', type: '_es_api_key' },
      authentication_type: 'api_key',
      api_key: { id: key.id, name: 'whoami-key' },
    });
  });

  it('accepts a lower-case apikey scheme, as ES matches the prefix case-insensitively', async () => {
    const key = await createKey(ELASTIC);

    const response = await whoAmI({ Authorization: `apikey ${key.encoded}` });

    expect(response.status).toBe(200);
  });

  it('pretty-prints with ?pretty as ES does', async () => {
    const response = await whoAmI(ELASTIC, { pretty: '' });

    expect(
      response.raw.startsWith('{\n  "username" : "elastic",\n  "roles" : [\n    "superuser"\n  ],'),
    ).toBe(true);
    expect(response.raw.endsWith('}\n')).toBe(true);
  });

  it('rejects unknown query parameters with 400 after authenticating', async () => {
    const response = await whoAmI(ELASTIC, { colour: 'red' });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(
      'request [/_security/_authenticate] contains unrecognized parameter: [colour]',
    );
  });

  it('refuses a disabled native user', async () => {
    const { username, auth } = await userWith(['monitor']);
    await invoke(users, {
      method: 'PUT',
      path: `/_security/user/${username}`,
      pathParameters: { username },
      headers: ELASTIC,
      body: { enabled: false, roles: [] },
    });

    const response = await whoAmI(auth);

    expect(response.status).toBe(401);
  });

  describe('common credential failures', () => {
    runCommonSecurityTests(handler, { method: 'GET', path: '/_security/_authenticate' });
  });
});

describe.each([
  [
    'security.create_api_key',
    createApiKey,
    { method: 'POST', path: '/_security/api_key', body: { name: 'x' } },
  ],
  ['security.get_api_key', getApiKeys, { method: 'GET', path: '/_security/api_key' }],
  [
    'security.invalidate_api_key',
    invalidateApiKeys,
    { method: 'DELETE', path: '/_security/api_key', body: { ids: ['x'] } },
  ],
  ['security.get_user', users, { method: 'GET', path: '/_security/user' }],
  ['security.get_role', roles, { method: 'GET', path: '/_security/role' }],
])('%s refuses bad credentials', (_name, routeHandler, request) => {
  beforeAll(useHandlerEnvironment);

  runCommonSecurityTests(routeHandler, request);
});
