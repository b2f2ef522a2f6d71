import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as users } from '../../functions/handlers/users.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { apiKeyAuth, basicAuth, invoke } from '../support/events.js';
import { ELASTIC, ELASTIC_PASSWORD, useHandlerEnvironment } from '../support/handler-env.js';

describe('secrets never leave create`s response', () => {
  const logged: string[] = [];

  beforeAll(useHandlerEnvironment);

  beforeEach(() => {
    logged.length = 0;
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      });
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps issued secrets and passwords out of the table, other responses and every log line', async () => {
    const password = 'user-password-0123';
    await invoke(users, {
      method: 'PUT',
      path: '/_security/user/leak-test',
      pathParameters: { username: 'leak-test' },
      headers: ELASTIC,
      body: { password, roles: ['superuser'] },
    });
    const created = await invoke(createApiKey, {
      method: 'POST',
      path: '/_security/api_key',
      headers: basicAuth('leak-test', password),
      body: { name: 'leak-test-key' },
    });
    const { id, api_key: secret, encoded } = created.body;
    const wrongSecret = Buffer.from(`${id}:${secret.slice(1)}x`).toString('base64');

    const responses = [
      await invoke(authenticate, {
        method: 'GET',
        path: '/_security/_authenticate',
        headers: apiKeyAuth(encoded),
      }),
      await invoke(authenticate, {
        method: 'GET',
        path: '/_security/_authenticate',
        headers: apiKeyAuth(wrongSecret),
      }),
      await invoke(createApiKey, {
        method: 'POST',
        path: '/_security/api_key',
        headers: apiKeyAuth(encoded),
        body: `{"name": "${secret}", broken`,
      }),
      await invoke(getApiKeys, {
        method: 'GET',
        path: '/_security/api_key',
        headers: ELASTIC,
        query: { id, with_limited_by: 'true' },
      }),
      await invoke(invalidate, {
        method: 'DELETE',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { ids: [id] },
      }),
      await invoke(authenticate, {
        method: 'GET',
        path: '/_security/_authenticate',
        headers: apiKeyAuth(encoded),
      }),
      await invoke(users, { method: 'GET', path: '/_security/user', headers: ELASTIC }),
    ];
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
    });
    const tables = [
      process.env['API_KEYS_TABLE'],
      process.env['USERS_TABLE'],
      process.env['ROLES_TABLE'],
    ];
    const stored: string[] = [];
    for (const table of tables) {
      const { Items } = await client.send(new ScanCommand({ TableName: table }));
      stored.push(JSON.stringify(Items));
    }

    expect(created.status).toBe(200);
    expect(responses.map((r) => r.status)).toEqual([200, 401, 400, 200, 200, 401, 200]);
    for (const text of [...responses.map((r) => r.raw), ...stored, ...logged]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encoded);
      expect(text).not.toContain(password);
      expect(text).not.toContain(ELASTIC_PASSWORD);
    }
    for (const text of [...responses.map((r) => r.raw), ...logged]) {
      expect(text).not.toMatch(/\$2[aby]\$\d\d\$/);
    }
    expect(logged.length).toBeGreaterThan(0);
  });
});
