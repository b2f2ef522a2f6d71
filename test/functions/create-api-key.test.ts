import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler } from '../../functions/handlers/create-api-key.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';

const create = (headers: Record<string, string>, body: unknown) =>
  invoke(handler, { method: 'POST', path: '/_security/api_key', headers, body });

describe('security.create_api_key', () => {
  beforeAll(useHandlerEnvironment);

  it('returns id, name, api_key and encoded, with ES id and secret formats', async () => {
    const response = await create(ELASTIC, { name: 'my-api-key' });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(Object.keys(response.body)).toEqual(['id', 'name', 'api_key', 'encoded']);
    expect(response.body.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(response.body.api_key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(response.body.encoded).toBe(
      Buffer.from(`${response.body.id}:${response.body.api_key}`).toString('base64'),
    );
  });

  it('accepts PUT as the official client sends it', async () => {
    const response = await invoke(handler, {
      method: 'PUT',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { name: 'put-key' },
    });

    expect(response.status).toBe(200);
    expect(response.body.name).toBe('put-key');
  });

  it('turns an expiration duration into epoch milliseconds counted in whole seconds', async () => {
    const before = Date.now();

    const response = await create(ELASTIC, { name: 'expiring', expiration: '1d' });

    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['id', 'name', 'expiration', 'api_key', 'encoded']);
    expect(response.body.expiration).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(response.body.expiration).toBeLessThanOrEqual(Date.now() + 86_400_000);
  });

  it('rejects a missing name with 400 illegal_argument_exception Required [name]', async () => {
    const response = await create(ELASTIC, { expiration: '1d' });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: {
        root_cause: [{ type: 'illegal_argument_exception', reason: 'Required [name]' }],
        type: 'illegal_argument_exception',
        reason: 'Required [name]',
      },
      status: 400,
    });
  });

  it('joins every name and metadata rule violation into one validation failure', async () => {
    const response = await create(ELASTIC, { name: ' _x', metadata: { _secret: 1 } });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('action_request_validation_exception');
    expect(response.body.error.reason).toBe(
      'Validation Failed: 1: api key name may not begin or end with whitespace;2: API key metadata keys may not start with [_];',
    );
  });

  it.each([
    ['', 'api key name is required'],
    ['x'.repeat(257), 'api key name may not be more than 256 characters long'],
    ['_hidden', 'api key name may not begin with an underscore'],
  ])('rejects the name %j with %s', async (name, message) => {
    const response = await create(ELASTIC, { name });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(`Validation Failed: 1: ${message};`);
  });

  it('rejects an expiration that is not a duration with 400 and ES parse error chain', async () => {
    const response = await create(ELASTIC, { name: 'k', expiration: '10' });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('x_content_parse_exception');
    expect(response.body.error.reason).toBe(
      'Failed to build [api_key_request] after last required field arrived',
    );
    expect(response.body.error.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [expiration] with value [10] as a time value: unit is missing or unrecognized',
    });
  });

  it('rejects unknown body fields with their position, as ES`s strict parser does', async () => {
    const response = await create(ELASTIC, '{"name":"k","colour":"red"}');

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('x_content_parse_exception');
    expect(response.body.error.reason).toBe('[1:13] [api_key_request] unknown field [colour]');
  });

  it('answers malformed JSON with 400 x_content_parse_exception, never a 500', async () => {
    const response = await create(ELASTIC, '{"name": "k",, }');

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('x_content_parse_exception');
    expect(response.body.error.caused_by.type).toBe('json_parse_exception');
  });

  it('rejects an unknown cluster privilege in role descriptors with 400', async () => {
    const response = await create(ELASTIC, {
      name: 'k',
      role_descriptors: { r: { cluster: ['teleport'] } },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('action_request_validation_exception');
    expect(response.body.error.reason).toMatch(
      /^Validation Failed: 1: unknown cluster privilege \[teleport\]\. a privilege must be either one of the predefined cluster privilege names \[.*\] or a pattern over one of the available cluster actions;$/,
    );
  });

  it('lets a user with manage_own_api_key create a key', async () => {
    const { auth } = await userWith(['manage_own_api_key']);

    const response = await create(auth, { name: 'own' });

    expect(response.status).toBe(200);
  });

  it('refuses a user without an API key privilege with ES`s 403 message', async () => {
    const { username, auth } = await userWith(['monitor']);

    const response = await create(auth, { name: 'nope' });

    expect(response.status).toBe(403);
    expect(response.body.error.type).toBe('security_exception');
    expect(response.body.error.reason).toMatch(
      new RegExp(
        `^action \\[cluster:admin/xpack/security/api_key/create\\] is unauthorized for user \\[${username}\\] with effective roles \\[role-[^\\]]+\\], this action is granted by the cluster privileges \\[manage_own_api_key,manage_api_key,manage_security,all\\]$`,
      ),
    );
  });

  describe('derived keys (created with an API key)', () => {
    it('requires an explicit, empty role descriptor', async () => {
      const parent = await createKey(ELASTIC);

      const missing = await create(apiKeyAuth(parent.encoded), { name: 'child' });
      const granting = await create(apiKeyAuth(parent.encoded), {
        name: 'child',
        role_descriptors: { r: { cluster: ['all'] } },
      });
      // ES's RoleDescriptor.isEmpty requires empty metadata too.
      const withMetadata = await create(apiKeyAuth(parent.encoded), {
        name: 'child',
        role_descriptors: { r: { metadata: { purpose: 'x' } } },
      });

      for (const response of [missing, granting, withMetadata]) {
        expect(response.status).toBe(400);
        expect(response.body.error.type).toBe('illegal_argument_exception');
        expect(response.body.error.reason).toBe(
          'creating derived api keys requires an explicit role descriptor that is empty (has no privileges)',
        );
      }
    });

    it('creates a derived key owned by the parent key`s owner', async () => {
      const parent = await createKey(ELASTIC);

      const response = await create(apiKeyAuth(parent.encoded), {
        name: unique('child'),
        role_descriptors: { noop: {} },
      });
      const who = await invoke(authenticate, {
        method: 'GET',
        path: '/_security/_authenticate',
        headers: apiKeyAuth(response.body.encoded),
      });

      expect(response.status).toBe(200);
      expect(who.body.username).toBe('elastic');
      expect(who.body.api_key.id).toBe(response.body.id);
    });
  });
});
