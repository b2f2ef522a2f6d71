import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler } from '../../functions/handlers/users.js';
import { basicAuth, invoke } from '../support/events.js';
import { ELASTIC, unique, useHandlerEnvironment, userWith } from '../support/handler-env.js';

const user = (method: string, username: string, body?: unknown, headers = ELASTIC) =>
  invoke(handler, {
    method,
    path: `/_security/user/${username}`,
    pathParameters: { username },
    headers,
    ...(body === undefined ? {} : { body }),
  });

describe('security.put_user / get_user / delete_user', () => {
  beforeAll(useHandlerEnvironment);

  it('creates a user, reports created:false on update, and keeps the password when omitted', async () => {
    const name = unique('jane');

    const created = await user('PUT', name, {
      password: 'l0ng-passw0rd',
      roles: ['monitor'],
      full_name: 'Jane',
    });
    const updated = await user('PUT', name, { roles: [], email: 'jane@example.com' });
    const login = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: basicAuth(name, 'l0ng-passw0rd'),
    });

    expect(created.body).toEqual({ created: true });
    expect(updated.body).toEqual({ created: false });
    expect(login.status).toBe(200);
    expect(login.body.email).toBe('jane@example.com');
  });

  it('returns users without their password hash, and 404 {} for unknown names', async () => {
    const name = unique('joe');
    await user('PUT', name, { password: 'secret-123', metadata: { team: 'a' } });

    const found = await user('GET', name);
    const missing = await user('GET', 'nobody-here');

    expect(found.body).toEqual({
      [name]: {
        username: name,
        roles: [],
        full_name: null,
        email: null,
        metadata: { team: 'a' },
        enabled: true,
      },
    });
    expect(found.raw).not.toContain('secret-123');
    expect(found.raw).not.toContain('$2');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({});
  });

  it('deletes a user, after which its password no longer works', async () => {
    const { username, auth } = await userWith(['monitor']);

    const deleted = await user('DELETE', username);
    const again = await user('DELETE', username);
    const login = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: auth,
    });

    expect(deleted.body).toEqual({ found: true });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ found: false });
    expect(login.status).toBe(401);
  });

  it('requires a password of at least 6 characters', async () => {
    const response = await user('PUT', unique('short'), { password: '12345' });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(
      'Validation Failed: 1: passwords must be at least [6] characters long;',
    );
  });

  it('requires a password for a new user', async () => {
    const response = await user('PUT', unique('nopass'), { roles: [] });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(
      'Validation Failed: 1: password must be specified unless you are updating an existing user;',
    );
  });

  it('protects the reserved elastic user', async () => {
    const put = await user('PUT', 'elastic', { password: 'another-one' });
    const del = await user('DELETE', 'elastic');

    expect(put.status).toBe(400);
    expect(put.body.error.reason).toBe(
      'Validation Failed: 1: user [elastic] is reserved and only the password can be changed;',
    );
    expect(del.status).toBe(400);
    expect(del.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: 'user [elastic] is reserved and cannot be deleted',
    });
  });

  it('rejects unknown fields with ES`s parse_exception', async () => {
    const response = await user('PUT', unique('x'), { password: 'abcdef', shoe_size: 42 });

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'parse_exception',
      reason: 'failed to parse add user request. unexpected field [shoe_size]',
    });
  });

  it('requires manage_security to create users', async () => {
    const { auth } = await userWith(['manage_own_api_key']);

    const response = await user('PUT', unique('x'), { password: 'abcdef' }, auth);

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toContain('[manage_security,all]');
  });
});
