import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices } from '../../functions/container.js';
import { JsonNumberText } from '../../functions/core/json-number.js';
import type { RealmAuthentication } from '../../functions/core/security/authentication.js';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as grant } from '../../functions/handlers/grant-api-key.js';
import { handler as queryApiKeys } from '../../functions/handlers/query-api-keys.js';
import { handler as roles } from '../../functions/handlers/roles.js';
import { handler as update } from '../../functions/handlers/update-api-key.js';
import { handler as users } from '../../functions/handlers/users.js';
import { apiKeyAuth, basicAuth, invoke } from '../support/events.js';
import {
  ELASTIC,
  ELASTIC_PASSWORD,
  unique,
  useHandlerEnvironment,
} from '../support/handler-env.js';

/** `{"a":{"a":…{"leaf":true}…}}`, `depth` objects deep. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{"leaf":true}${'}'.repeat(depth - 1)}`;
}

/** Keys DynamoDB's marshaller cannot take as map keys, at the top and further down. */
const AWKWARD_METADATA = `{"constructor":{"constructor":1},"a":{"__proto__":{"x":1},"list":[{"constructor":"c"}]},"e20":1e20,"deep":${nested(100)}}`;

const create = (body: string) =>
  invoke(createApiKey, { method: 'POST', path: '/_security/api_key', headers: ELASTIC, body });

const getRaw = async (id: string) => {
  const response = await invoke(getApiKeys, {
    method: 'GET',
    path: '/_security/api_key',
    headers: ELASTIC,
    query: { id },
  });
  expect(response.status).toBe(200);
  return response;
};

const queryRaw = async (id: string) => {
  const response = await invoke(queryApiKeys, {
    method: 'POST',
    path: '/_security/_query/api_key',
    headers: ELASTIC,
    body: { query: { ids: { values: [id] } } },
  });
  expect(response.status).toBe(200);
  return response;
};

describe('values DynamoDB cannot hold as-is round-trip exactly', () => {
  beforeAll(useHandlerEnvironment);

  it('key metadata with `constructor`, a nested `__proto__`, 1e20 and 100 levels: create → get → query → update', async () => {
    const created = await create(`{"name":"${unique('awkward')}","metadata":${AWKWARD_METADATA}}`);
    expect(created.status).toBe(200);
    const id = created.body.id as string;

    const got = await getRaw(id);
    const queried = await queryRaw(id);

    for (const response of [got, queried]) {
      expect(response.raw).toContain('"constructor":{"constructor":1}');
      expect(response.raw).toContain('"__proto__":{"x":1}');
      expect(response.raw).toContain('"list":[{"constructor":"c"}]');
      expect(response.raw).toContain('"e20":100000000000000000000');
      expect(response.raw).toContain(nested(100));
    }
    const updated = await invoke(update, {
      method: 'PUT',
      path: `/_security/api_key/${id}`,
      pathParameters: { ids: id },
      headers: ELASTIC,
      body: `{"metadata":{"constructor":"changed","b":{"__proto__":[1,2]}}}`,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ updated: true });
    expect((await getRaw(id)).raw).toContain(
      '"metadata":{"constructor":"changed","b":{"__proto__":[1,2]}}',
    );
  });

  it('numbers beyond ±2^53 and past a double (1e400) keep their literal: create → get → query → update', async () => {
    const services = buildServices(loadConfig(process.env));
    const elastic = (await services.users.authenticate(
      'elastic',
      ELASTIC_PASSWORD,
      'REST request [/]',
    )) as RealmAuthentication;
    const metadata = {
      big: new JsonNumberText('12345678901234567890'),
      negative: new JsonNumberText('-12345678901234567890'),
      huge: new JsonNumberText('1e400'),
      nested: { list: [new JsonNumberText('98765432109876543210')] },
    };

    const key = await services.apiKeys.create(elastic, { name: unique('big'), metadata });
    const got = await getRaw(key.id);
    const queried = await queryRaw(key.id);

    const expected =
      '"metadata":{"big":12345678901234567890,"negative":-12345678901234567890,"huge":1e400,"nested":{"list":[98765432109876543210]}}';
    expect(got.raw).toContain(expected);
    expect(queried.raw).toContain(expected);
    const result = await services.apiKeyUpdates.update(elastic, key.id, {
      metadata: { big: new JsonNumberText('-98765432109876543210987654321') },
    });
    expect(result).toEqual({ updated: true });
    expect((await getRaw(key.id)).raw).toContain(
      '"metadata":{"big":-98765432109876543210987654321}',
    );
  });

  it('role descriptors named `__proto__` and `constructor` on create, update, bulk update and grant', async () => {
    const descriptors = '{"__proto__":{"cluster":["monitor"]},"constructor":{"cluster":[]}}';
    const names = async (id: string) =>
      Object.keys((await getRaw(id)).body.api_keys[0].role_descriptors);

    const created = await create(`{"name":"${unique('named')}","role_descriptors":${descriptors}}`);
    expect(created.status).toBe(200);
    expect(await names(created.body.id)).toEqual(['__proto__', 'constructor']);

    const plain = await create(`{"name":"${unique('plain')}"}`);
    const updated = await invoke(update, {
      method: 'PUT',
      path: `/_security/api_key/${plain.body.id}`,
      pathParameters: { ids: plain.body.id },
      headers: ELASTIC,
      body: `{"role_descriptors":${descriptors}}`,
    });
    expect(updated.body).toEqual({ updated: true });
    expect(await names(plain.body.id)).toEqual(['__proto__', 'constructor']);

    const other = await create(`{"name":"${unique('bulk')}"}`);
    const bulk = await invoke(bulkUpdate, {
      method: 'POST',
      path: '/_security/api_key/_bulk_update',
      headers: ELASTIC,
      body: `{"ids":["${other.body.id}"],"role_descriptors":${descriptors}}`,
    });
    expect(bulk.body).toEqual({ updated: [other.body.id], noops: [] });
    expect(await names(other.body.id)).toEqual(['__proto__', 'constructor']);

    const granted = await invoke(grant, {
      method: 'POST',
      path: '/_security/api_key/grant',
      headers: ELASTIC,
      body: `{"grant_type":"password","username":"elastic","password":"${ELASTIC_PASSWORD}","api_key":{"name":"${unique('granted')}","role_descriptors":${descriptors}}}`,
    });
    expect(granted.status).toBe(200);
    expect(await names(granted.body.id)).toEqual(['__proto__', 'constructor']);
    const who = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(granted.body.encoded),
    });
    expect(who.status).toBe(200);
  });

  it('a role named `__proto__` resolves for its user; an unknown `constructor` role grants nothing', async () => {
    const put = await invoke(roles, {
      method: 'PUT',
      path: '/_security/role/__proto__',
      pathParameters: { name: '__proto__' },
      headers: ELASTIC,
      body: { cluster: ['manage_own_api_key'], metadata: JSON.parse(nested(33)) },
    });
    expect(put.status).toBe(200);
    const username = unique('proto-user');
    await invoke(users, {
      method: 'PUT',
      path: `/_security/user/${username}`,
      pathParameters: { username },
      headers: ELASTIC,
      body: { password: 'proto-password', roles: ['__proto__', 'constructor'] },
    });
    const auth = basicAuth(username, 'proto-password');

    const got = await invoke(roles, {
      method: 'GET',
      path: '/_security/role/__proto__',
      pathParameters: { name: '__proto__' },
      headers: ELASTIC,
    });
    const own = await invoke(createApiKey, {
      method: 'POST',
      path: '/_security/api_key',
      headers: auth,
      body: { name: unique('own') },
    });
    const limited = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { id: own.body.id, with_limited_by: 'true' },
    });

    expect(got.status).toBe(200);
    expect(Object.keys(got.body)).toEqual(['__proto__']);
    expect(got.raw).toContain(nested(33));
    expect(own.status).toBe(200);
    expect(Object.keys(limited.body.api_keys[0].limited_by[0])).toEqual(['__proto__']);
  });

  it('user metadata with `constructor` and 33 levels is stored; a 500 KB document is a 400', async () => {
    const username = unique('meta-user');
    const putUser = (body: string) =>
      invoke(users, {
        method: 'PUT',
        path: `/_security/user/${username}`,
        pathParameters: { username },
        headers: ELASTIC,
        body,
      });

    const stored = await putUser(
      `{"password":"meta-password","metadata":{"constructor":{"__proto__":1},"deep":${nested(33)}}}`,
    );
    const got = await invoke(users, {
      method: 'GET',
      path: `/_security/user/${username}`,
      pathParameters: { username },
      headers: ELASTIC,
    });
    const bigMetadata = await putUser(
      `{"password":"meta-password","metadata":{"blob":"${'x'.repeat(500_000)}"}}`,
    );
    const bigName = await putUser(
      `{"password":"meta-password","full_name":"${'x'.repeat(500_000)}"}`,
    );

    expect(stored.status).toBe(200);
    expect(got.raw).toContain(`"metadata":{"constructor":{"__proto__":1},"deep":${nested(33)}}`);
    for (const response of [bigMetadata, bigName]) {
      expect(response.status).toBe(400);
      expect(response.body.error.type).toBe('illegal_argument_exception');
      expect(response.body.error.reason).toBe(
        'user document is too large to store: a document may be at most 400 KB',
      );
    }
  });

  it('a role with 500 KB of metadata is a 400, and nothing is written', async () => {
    const name = unique('big-role');
    const put = await invoke(roles, {
      method: 'PUT',
      path: `/_security/role/${name}`,
      pathParameters: { name },
      headers: ELASTIC,
      body: { metadata: { blob: 'x'.repeat(500_000) } },
    });
    const got = await invoke(roles, {
      method: 'GET',
      path: `/_security/role/${name}`,
      pathParameters: { name },
      headers: ELASTIC,
    });

    expect(put.status).toBe(400);
    expect(put.body.error.reason).toBe(
      'role document is too large to store: a document may be at most 400 KB',
    );
    expect(got.status).toBe(404);
  });
});
