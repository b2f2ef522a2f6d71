import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/roles.js';
import { invoke } from '../support/events.js';
import { ELASTIC, unique, useHandlerEnvironment, userWith } from '../support/handler-env.js';

const role = (method: string, name: string, body?: unknown, headers = ELASTIC) =>
  invoke(handler, {
    method,
    path: `/_security/role/${name}`,
    pathParameters: { name },
    headers,
    ...(body === undefined ? {} : { body }),
  });

describe('security.put_role / get_role / delete_role', () => {
  beforeAll(useHandlerEnvironment);

  it('stores a role and returns it normalised, as ES does', async () => {
    const name = unique('writer');

    const created = await role('PUT', name, {
      cluster: ['manage_own_api_key'],
      indices: [{ names: 'logs-*', privileges: ['read'] }],
      applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
    });
    const updated = await role('PUT', name, { cluster: ['monitor'] });
    const fetched = await role('GET', name);

    expect(created.body).toEqual({ role: { created: true } });
    expect(updated.body).toEqual({ role: { created: false } });
    expect(fetched.body).toEqual({
      [name]: {
        cluster: ['monitor'],
        indices: [],
        applications: [],
        run_as: [],
        metadata: {},
        transient_metadata: { enabled: true },
      },
    });
  });

  it('lists the reserved superuser role', async () => {
    const response = await role('GET', 'superuser');

    expect(response.body.superuser.cluster).toEqual(['all']);
    expect(response.body.superuser.metadata).toEqual({ _reserved: true });
  });

  it('answers 404 {} for an unknown role and {found:false} when deleting it', async () => {
    const got = await role('GET', 'no-such-role');
    const deleted = await role('DELETE', 'no-such-role');

    expect(got.status).toBe(404);
    expect(got.body).toEqual({});
    expect(deleted.status).toBe(404);
    expect(deleted.body).toEqual({ found: false });
  });

  it('refuses to redefine or delete a reserved role', async () => {
    const put = await role('PUT', 'superuser', { cluster: ['monitor'] });
    const del = await role('DELETE', 'superuser');

    expect(put.status).toBe(400);
    expect(put.body.error.reason).toBe(
      'Validation Failed: 1: Role [superuser] is reserved and may not be used.;',
    );
    expect(del.status).toBe(400);
    expect(del.body.error.reason).toBe('role [superuser] is reserved and cannot be deleted');
  });

  it('rejects unknown privileges and fields', async () => {
    const badPrivilege = await role('PUT', unique('bad'), { cluster: ['fly'] });
    const badField = await role('PUT', unique('bad'), { clusters: ['all'] });

    expect(badPrivilege.status).toBe(400);
    expect(badPrivilege.body.error.reason).toMatch(
      /^Validation Failed: 1: unknown cluster privilege \[fly\]/,
    );
    expect(badField.status).toBe(400);
    expect(badField.body.error.type).toBe('parse_exception');
    expect(badField.body.error.reason).toMatch(
      /^failed to parse role \[bad-.*\]\. unexpected field \[clusters\]$/,
    );
  });

  it('lets read_security read roles but not write them', async () => {
    const { auth } = await userWith(['read_security']);

    const read = await role('GET', 'superuser', undefined, auth);
    const write = await role('PUT', unique('x'), { cluster: [] }, auth);

    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
  });
});
