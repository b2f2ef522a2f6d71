import { beforeAll, describe, expect, it } from 'vitest';
import { handler as roles } from '../../functions/handlers/roles.js';
import { handler as users } from '../../functions/handlers/users.js';
import { invoke } from '../support/events.js';
import { ELASTIC, useHandlerEnvironment } from '../support/handler-env.js';

/** Longer than any DynamoDB key (2,048 bytes): no such role or user can exist. */
const LONG = 'r'.repeat(3_000);

describe('role and user names too long to exist', () => {
  beforeAll(useHandlerEnvironment);

  it.each([
    ['GET', 'role', roles, 'name', {}],
    ['DELETE', 'role', roles, 'name', { found: false }],
    ['GET', 'user', users, 'username', {}],
    ['DELETE', 'user', users, 'username', { found: false }],
  ] as const)(
    '%s /_security/%s/<3,000 chars> is ES`s 404 for an unknown name',
    async (method, kind, handler, param, body) => {
      const response = await invoke(handler, {
        method,
        path: `/_security/${kind}/${LONG}`,
        pathParameters: { [param]: LONG },
        headers: ELASTIC,
      });

      expect(response.status).toBe(404);
      expect(response.body).toEqual(body);
    },
  );

  it('GET of several roles, one of them too long, returns the others', async () => {
    const response = await invoke(roles, {
      method: 'GET',
      path: `/_security/role/superuser,${LONG}`,
      pathParameters: { name: `superuser,${LONG}` },
      headers: ELASTIC,
    });

    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['superuser']);
  });
});
