import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';

const invalidate = (headers: Record<string, string>, body: unknown) =>
  invoke(handler, { method: 'DELETE', path: '/_security/api_key', headers, body });

describe('security.invalidate_api_key', () => {
  beforeAll(useHandlerEnvironment);

  it('invalidates by ids and refuses the key from its very next request', async () => {
    const key = await createKey(ELASTIC);
    const before = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(key.encoded),
    });

    const response = await invalidate(ELASTIC, { ids: [key.id] });
    const after = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(key.encoded),
    });

    expect(before.status).toBe(200);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      invalidated_api_keys: [key.id],
      previously_invalidated_api_keys: [],
      error_count: 0,
    });
    expect(after.status).toBe(401);
  });

  it('answers 200 with empty lists for an already invalidated or unknown key', async () => {
    const key = await createKey(ELASTIC);
    await invalidate(ELASTIC, { ids: [key.id] });

    const again = await invalidate(ELASTIC, { ids: [key.id, 'unknown-id'] });

    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      invalidated_api_keys: [],
      previously_invalidated_api_keys: [],
      error_count: 0,
    });
  });

  it('invalidates every key matching a name prefix', async () => {
    const prefix = unique('batch');
    const a = await createKey(ELASTIC, { name: `${prefix}-1` });
    const b = await createKey(ELASTIC, { name: `${prefix}-2` });

    const response = await invalidate(ELASTIC, { name: `${prefix}*` });

    expect(response.body.invalidated_api_keys.sort()).toEqual([a.id, b.id].sort());
  });

  it('lets a manage_own_api_key user invalidate its own keys with owner=true only', async () => {
    const alice = await userWith(['manage_own_api_key']);
    const bob = await userWith(['manage_own_api_key']);
    const aliceKey = await createKey(alice.auth);
    const bobKey = await createKey(bob.auth);

    const byIds = await invalidate(alice.auth, { ids: [bobKey.id] });
    const owned = await invalidate(alice.auth, { owner: true });
    const bobsStillThere = await invalidate(alice.auth, { ids: [bobKey.id], owner: true });

    expect(byIds.status).toBe(403);
    expect(byIds.body.error.reason).toContain(
      'this action is granted by the cluster privileges [manage_api_key,manage_security,all]',
    );
    expect(owned.body.invalidated_api_keys).toEqual([aliceKey.id]);
    expect(bobsStillThere.body.invalidated_api_keys).toEqual([]);
  });

  it('lets an API key invalidate itself by id', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);

    const response = await invalidate(apiKeyAuth(key.encoded), { ids: [key.id] });

    expect(response.status).toBe(200);
    expect(response.body.invalidated_api_keys).toEqual([key.id]);
  });

  it.each([
    [
      {},
      'One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag is false',
    ],
    [
      { ids: ['a'], username: 'u' },
      'username or realm name must not be specified when the api key id(s) or api key name are specified',
    ],
    [
      { owner: true, username: 'u' },
      'neither username nor realm-name may be specified when invalidating owned API keys',
    ],
    [{ ids: ['a'], name: 'n' }, 'only one of [api key id(s), api key name] can be specified'],
    [{ ids: [] }, 'Field [ids] cannot be an empty array'],
    [
      { ids: ['a', ' '] },
      'Field [ids] must not contain blank id, but got blank id at index position: [1]',
    ],
  ])('rejects %j with a validation error', async (body, message) => {
    const response = await invalidate(ELASTIC, body);

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('action_request_validation_exception');
    expect(response.body.error.reason).toBe(`Validation Failed: 1: ${message};`);
  });

  it('rejects a request without a body with 400 parse_exception', async () => {
    const response = await invoke(handler, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
    });

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'parse_exception',
      reason: 'request body is required',
    });
  });
});
