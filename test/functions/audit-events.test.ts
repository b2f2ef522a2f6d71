import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getServices } from '../../functions/container.js';
import { auditEvents, DEFAULT_AUDIT_EVENTS } from '../../functions/core/audit/audit-events.js';
import { AuditTrail } from '../../functions/core/audit/audit-trail.js';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as authorizer } from '../../functions/handlers/authorizer.js';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as grantApiKey } from '../../functions/handlers/grant-api-key.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as roles } from '../../functions/handlers/roles.js';
import { handler as updateApiKey } from '../../functions/handlers/update-api-key.js';
import { handler as users } from '../../functions/handlers/users.js';
import {
  type AuditLine,
  auditLines,
  expectEsShape,
  expectNoSecrets,
} from '../support/audit-lines.js';
import { apiKeyAuth, basicAuth, invoke, lambdaContext } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  ELASTIC_PASSWORD,
  putRole,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';

/** Everything this file's handlers print: stdout (audit lines) and console (log lines). */
let output = '';
/** Every secret and password this file uses, which no line may contain. */
const secrets: string[] = [
  ELASTIC_PASSWORD,
  basicAuth('elastic', ELASTIC_PASSWORD)['Authorization'] ?? '',
];

function since(start: number): AuditLine[] {
  const lines = auditLines(output.slice(start));
  for (const line of lines) {
    expectEsShape(line);
  }
  return lines;
}

const actions = (lines: AuditLine[]) =>
  lines.map((line) => `${line['event.type']}/${line['event.action']}`);

function withTrail(events: Iterable<string>): void {
  getServices().audit = new AuditTrail(auditEvents([...events], []));
}

describe('audit events through the real handlers', () => {
  beforeAll(async () => {
    await useHandlerEnvironment();
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    }) as typeof process.stdout.write);
    for (const level of ['info', 'warn', 'error'] as const) {
      vi.spyOn(console, level).mockImplementation((line: unknown) => {
        output += `${String(line)}\n`;
      });
    }
  });

  afterAll(() => {
    vi.restoreAllMocks();
    expect(auditLines(output).length).toBeGreaterThan(20);
    expectNoSecrets(output, secrets);
  });

  it("writes a key's life as ES does: create, use, update, bulk update, invalidate, refusal", async () => {
    withTrail(['_all']);
    const start = output.length;
    const key = await createKey(ELASTIC, {
      name: 'audited-key',
      expiration: '36h',
      role_descriptors: {
        reader: {
          applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
        },
      },
      metadata: { team: 'a' },
    });
    secrets.push(key.api_key, key.encoded);
    const created = since(start);

    expect(actions(created)).toEqual([
      'rest/authentication_success',
      'transport/access_granted',
      'security_config_change/create_apikey',
    ]);
    expect(created[0]).toMatchObject({
      'authentication.type': 'REALM',
      'user.name': 'elastic',
      'user.realm': 'reserved',
      realm: 'reserved',
      'origin.type': 'rest',
      'url.path': '/_security/api_key',
      'request.method': 'POST',
      'request.id': 'test-request',
    });
    expect(created[1]).toMatchObject({
      action: 'cluster:admin/xpack/security/api_key/create',
      'request.name': 'CreateApiKeyRequest',
      'user.roles': ['superuser'],
    });
    expect(created[2]).toEqual({
      type: 'audit',
      timestamp: expect.any(String),
      'event.type': 'security_config_change',
      'event.action': 'create_apikey',
      'request.id': 'test-request',
      create: {
        apikey: {
          name: 'audited-key',
          type: 'rest',
          expiration: '1.5d',
          role_descriptors: [
            {
              cluster: [],
              indices: [],
              applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
              run_as: [],
            },
          ],
          metadata: { team: 'a' },
        },
      },
    });

    const used = output.length;
    await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: { ...apiKeyAuth(key.encoded), 'X-Opaque-Id': 'job-42' },
      query: { pretty: '' },
    });
    const [success, granted] = since(used);
    expect(success).toMatchObject({
      'event.action': 'authentication_success',
      'authentication.type': 'API_KEY',
      'user.name': 'elastic',
      'user.realm': 'reserved',
      'apikey.id': key.id,
      'apikey.name': 'audited-key',
      realm: '_es_api_key',
      'url.query': 'pretty',
      opaque_id: 'job-42',
    });
    expect(granted).toMatchObject({
      'event.action': 'access_granted',
      action: 'cluster:admin/xpack/security/user/authenticate',
      'request.name': 'AuthenticateRequest',
      'apikey.id': key.id,
    });

    const updates = output.length;
    await invoke(updateApiKey, {
      method: 'PUT',
      path: `/_security/api_key/${key.id}`,
      pathParameters: { ids: key.id },
      headers: ELASTIC,
      body: { metadata: {}, expiration: '30d' },
    });
    await invoke(bulkUpdate, {
      method: 'POST',
      path: '/_security/api_key/_bulk_update',
      headers: ELASTIC,
      body: { ids: [key.id], role_descriptors: {} },
    });
    const changes = since(updates).filter(
      (line) => line['event.type'] === 'security_config_change',
    );
    expect(changes.map((line) => line['change'])).toEqual([
      { apikey: { id: key.id, type: 'rest', metadata: {}, expiration: '30d' } },
      { apikeys: { ids: [key.id], type: 'rest', role_descriptors: [], expiration: null } },
    ]);

    const invalidation = output.length;
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [key.id] },
    });
    const refused = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(key.encoded),
    });
    expect(refused.status).toBe(401);
    const last = since(invalidation);
    expect(
      last.find((line) => line['event.action'] === 'invalidate_apikeys')?.['invalidate'],
    ).toEqual({ apikeys: { ids: [key.id], owned_by_authenticated_user: false } });
    expect(last.at(-1)).toMatchObject({
      'event.type': 'rest',
      'event.action': 'authentication_failed',
      'user.name': key.id,
      'url.path': '/_security/_authenticate',
    });
  });

  it('writes refused credentials and refused actions, and no change for a refused action', async () => {
    withTrail(['_all']);
    const { username, password } = await userWith(['monitor']);
    secrets.push(password);
    const start = output.length;
    const who = (headers: Record<string, string>) =>
      invoke(authenticate, { method: 'GET', path: '/_security/_authenticate', headers });

    await who({});
    await who({ Authorization: 'Basic !!!' });
    await who(basicAuth(username, 'not-the-password'));
    const denied = await invoke(users, {
      method: 'PUT',
      path: '/_security/user/someone',
      pathParameters: { username: 'someone' },
      headers: basicAuth(username, password),
      body: { password: 'another-password', roles: [] },
    });
    expect(denied.status).toBe(403);

    const lines = since(start);
    expect(actions(lines)).toEqual([
      'rest/anonymous_access_denied',
      'rest/authentication_failed',
      'rest/authentication_failed',
      'rest/authentication_success',
      'transport/access_denied',
    ]);
    expect(lines[1]?.['user.name']).toBeUndefined();
    expect(lines[2]?.['user.name']).toBe(username);
    expect(lines[4]).toMatchObject({
      'user.name': username,
      'user.realm': 'default_native',
      action: 'cluster:admin/xpack/security/user/put',
      'request.name': 'PutUserRequest',
    });
  });

  it('writes user, role and grant changes without a password', async () => {
    withTrail(['security_config_change']);
    const role = unique('role');
    const username = unique('user');
    const password = `${username}-pw-secret`;
    secrets.push(password);
    const start = output.length;
    await putRole(role, { cluster: ['manage_own_api_key'], metadata: { owner: 'ops' } });
    await invoke(users, {
      method: 'PUT',
      path: `/_security/user/${username}`,
      pathParameters: { username },
      headers: ELASTIC,
      body: { password, roles: [role], full_name: 'Jane Doe' },
    });
    const granted = await invoke(grantApiKey, {
      method: 'POST',
      path: '/_security/api_key/grant',
      headers: ELASTIC,
      body: { grant_type: 'password', username, password, api_key: { name: 'granted' } },
    });
    secrets.push(granted.body.api_key, granted.body.encoded);
    await invoke(users, {
      method: 'DELETE',
      path: `/_security/user/${username}`,
      pathParameters: { username },
      headers: ELASTIC,
    });
    await invoke(roles, {
      method: 'DELETE',
      path: `/_security/role/${role}`,
      pathParameters: { name: role },
      headers: ELASTIC,
    });

    const lines = since(start);
    expect(lines.map((line) => line['event.action'])).toEqual([
      'put_role',
      'put_user',
      'create_apikey',
      'delete_user',
      'delete_role',
    ]);
    expect(lines[0]?.['put']).toEqual({
      role: {
        name: role,
        role_descriptor: {
          cluster: ['manage_own_api_key'],
          indices: [],
          applications: [],
          run_as: [],
          metadata: { owner: 'ops' },
        },
      },
    });
    expect(lines[1]?.['put']).toEqual({
      user: {
        name: username,
        enabled: true,
        roles: [role],
        full_name: 'Jane Doe',
        has_password: true,
      },
    });
    expect(lines[2]?.['create']).toEqual({
      apikey: { name: 'granted', type: 'rest', expiration: null, role_descriptors: [] },
      grant: { type: 'password', user: { name: username, has_password: true } },
    });
    expect(lines[3]?.['delete']).toEqual({ user: { name: username } });
    expect(lines[4]?.['delete']).toEqual({ role: { name: role } });
  });

  it("writes the gateway authorizer's decisions with API Gateway's request id", async () => {
    withTrail(['_all']);
    const key = await createKey(ELASTIC, {
      role_descriptors: {
        r: { applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }] },
      },
    });
    secrets.push(key.api_key, key.encoded);
    const event = (method: string, headers: Record<string, string>) =>
      ({
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:us-east-1:123456789012:api/prod/${method}/example/a`,
        resource: '/example/{proxy+}',
        path: '/example/a',
        httpMethod: method,
        headers,
        multiValueHeaders: null,
        pathParameters: null,
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        stageVariables: null,
        requestContext: { requestId: 'gateway-request-9', identity: { sourceIp: '203.0.113.7' } },
      }) as unknown as APIGatewayRequestAuthorizerEvent;
    const start = output.length;

    await authorizer(event('GET', apiKeyAuth(key.encoded)), lambdaContext);
    await authorizer(event('POST', apiKeyAuth(key.encoded)), lambdaContext);
    await expect(authorizer(event('GET', {}), lambdaContext)).rejects.toThrow('Unauthorized');

    const lines = since(start);
    expect(actions(lines)).toEqual([
      'rest/authentication_success',
      'transport/access_granted',
      'rest/authentication_success',
      'transport/access_denied',
      'rest/anonymous_access_denied',
    ]);
    for (const line of lines) {
      expect(line['request.id']).toBe('gateway-request-9');
      expect(line['origin.address']).toBe('203.0.113.7');
      expect(line['url.path']).toBe('/example/a');
    }
    expect(lines[1]).toMatchObject({
      action: 'execute-api:Invoke',
      'apikey.id': key.id,
      'request.method': 'GET',
    });
  });

  it("writes ES's default set when configured so: no authentication_success", async () => {
    withTrail(DEFAULT_AUDIT_EVENTS);
    const start = output.length;

    await createKey(ELASTIC).then((key) => secrets.push(key.api_key, key.encoded));

    expect(actions(since(start))).toEqual([
      'transport/access_granted',
      'security_config_change/create_apikey',
    ]);
  });

  it('writes nothing when the audit log is off, and still logs with both request ids', async () => {
    withTrail([]);
    const start = output.length;

    const response = await invoke(
      createApiKey,
      { method: 'POST', path: '/_security/api_key', headers: ELASTIC, body: { name: 5 } },
      { ...lambdaContext, awsRequestId: 'invocation-7' },
    );

    expect(response.status).toBe(400);
    expect(auditLines(output.slice(start))).toEqual([]);
    const logged = output
      .slice(start)
      .split('\n')
      .filter((line) => line.includes('"request failed"'))
      .map((line) => JSON.parse(line));
    expect(logged).toEqual([
      {
        level: 'info',
        message: 'request failed',
        requestId: 'invocation-7',
        apiRequestId: 'test-request',
        status: 400,
        type: 'x_content_parse_exception',
      },
    ]);
  });
});
