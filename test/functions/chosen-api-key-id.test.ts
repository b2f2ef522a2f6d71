import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler } from '../../functions/handlers/create-api-key.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import { ELASTIC, unique, useHandlerEnvironment } from '../support/handler-env.js';

const create = (body: unknown) =>
  invoke(handler, { method: 'POST', path: '/_security/api_key', headers: ELASTIC, body });

describe('security.create_api_key with a caller-chosen id (extension)', () => {
  beforeAll(useHandlerEnvironment);

  it('creates the key under that id, and the key authenticates as id:secret', async () => {
    const id = unique('my_app_id');

    const created = await create({ name: 'my_app_key', id, expiration: '1d' });
    const who = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(Buffer.from(`${id}:${created.body.api_key}`).toString('base64')),
    });

    expect(created.status).toBe(200);
    expect(created.body.id).toBe(id);
    expect(created.body.encoded).toBe(
      Buffer.from(`${id}:${created.body.api_key}`).toString('base64'),
    );
    expect(who.status).toBe(200);
    expect(who.body.api_key).toEqual({ id, name: 'my_app_key' });
  });

  it('refuses an id that is taken, even by an invalidated key, with ES`s 409 and keeps the first key', async () => {
    const id = unique('taken');
    const first = await create({ name: 'first', id });
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [id] },
    });

    const second = await create({ name: 'second', id });

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body).toEqual({
      error: {
        root_cause: [
          {
            type: 'version_conflict_engine_exception',
            reason: `[${id}]: version conflict, document already exists (current version [1])`,
          },
        ],
        type: 'version_conflict_engine_exception',
        reason: `[${id}]: version conflict, document already exists (current version [1])`,
      },
      status: 409,
    });
  });

  it.each([
    ['an empty id', ''],
    ['a colon, which would split the credentials', 'a:b'],
    ['65 characters', 'x'.repeat(65)],
    ['a non-ASCII letter', 'clé'],
  ])('refuses %s with a 400 validation error', async (_what, id) => {
    const response = await create({ name: 'bad-id', id });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('action_request_validation_exception');
    expect(response.body.error.reason).toContain(
      'api key id must be 1 to 64 characters of [A-Za-z0-9_-]',
    );
  });

  it('refuses an id that is not a string as ES refuses a mistyped field', async () => {
    const response = await create({ name: 'bad-id', id: 42 });

    expect(response.status).toBe(400);
  });
});
