import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices } from '../../functions/container.js';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as grantApiKey } from '../../functions/handlers/grant-api-key.js';
import { handler as rotate } from '../../functions/handlers/rotate-api-key.js';
import { handler as update } from '../../functions/handlers/update-api-key.js';
import { invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  ELASTIC_PASSWORD,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';

const DAY = 86_400_000;
const LIMIT = 'the maximum lifetime of an API key is [30d] (API_KEY_MAX_EXPIRATION)';

const create = (body: Record<string, unknown>) =>
  invoke(createApiKey, { method: 'POST', path: '/_security/api_key', headers: ELASTIC, body });

const put = (id: string, body: Record<string, unknown>) =>
  invoke(update, {
    method: 'PUT',
    path: `/_security/api_key/${id}`,
    pathParameters: { ids: id },
    headers: ELASTIC,
    body,
  });

/** A key that never expires, as one created before the policy was set. */
async function legacyKey(): Promise<string> {
  const unlimited = buildServices(
    loadConfig({ ...process.env, API_KEY_MAX_EXPIRATION: '', API_KEY_DEFAULT_EXPIRATION: '' }),
  );
  const auth = await unlimited.users.authenticate('elastic', ELASTIC_PASSWORD, '/');
  return (await unlimited.apiKeys.create(auth, { name: unique('legacy') })).id;
}

describe('API_KEY_MAX_EXPIRATION=30d with API_KEY_DEFAULT_EXPIRATION=7d', () => {
  beforeAll(async () => {
    await useHandlerEnvironment();
    // Read by the container on first use, after this.
    process.env['API_KEY_MAX_EXPIRATION'] = '30d';
    process.env['API_KEY_DEFAULT_EXPIRATION'] = '7d';
  });

  it('gives a key created without an expiration the default, and accepts the maximum', async () => {
    const before = Date.now();

    const defaulted = await create({ name: unique('k') });
    const longest = await create({ name: unique('k'), expiration: '30d' });

    expect(defaulted.status).toBe(200);
    expect(defaulted.body.expiration).toBeGreaterThanOrEqual(before - 1000 + 7 * DAY);
    expect(defaulted.body.expiration).toBeLessThanOrEqual(Date.now() + 7 * DAY);
    expect(longest.status).toBe(200);
  });

  it('refuses a longer create or grant with 400 naming the limit, storing nothing', async () => {
    const user = await userWith(['manage_own_api_key']);
    const name = unique('too-long');

    const created = await create({ name, expiration: '31d' });
    const granted = await invoke(grantApiKey, {
      method: 'POST',
      path: '/_security/api_key/grant',
      headers: ELASTIC,
      body: {
        grant_type: 'password',
        username: user.username,
        password: user.password,
        api_key: { name, expiration: '721h' },
      },
    });
    const stored = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { name },
    });

    for (const response of [created, granted]) {
      expect(response.status).toBe(400);
      expect(response.body.error).toEqual({
        root_cause: [
          {
            type: 'illegal_argument_exception',
            reason: `API key expiration is too long: ${LIMIT}`,
          },
        ],
        type: 'illegal_argument_exception',
        reason: `API key expiration is too long: ${LIMIT}`,
      });
    }
    expect(stored.body.api_keys).toEqual([]);
  });

  it('refuses an update or bulk update whose expiration is longer, and a kept expiration that never ends', async () => {
    const bounded = await createKey(ELASTIC, { expiration: '1d' });
    const legacy = await legacyKey();

    const tooLong = await put(bounded.id, { expiration: '60d' });
    const keeps = await put(bounded.id, { metadata: { env: 'prod' } });
    const legacyKeeps = await put(legacy, { metadata: { env: 'prod' } });
    const legacySets = await put(legacy, { expiration: '10d' });
    const bulkTooLong = await invoke(bulkUpdate, {
      method: 'POST',
      path: '/_security/api_key/_bulk_update',
      headers: ELASTIC,
      body: { ids: [bounded.id], expiration: '31d' },
    });

    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.reason).toBe(`API key expiration is too long: ${LIMIT}`);
    expect(keeps.body).toEqual({ updated: true });
    expect(legacyKeeps.status).toBe(400);
    expect(legacyKeeps.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: `API key [${legacy}] never expires: ${LIMIT}; the update must set [expiration]`,
    });
    expect(legacySets.body).toEqual({ updated: true });
    expect(bulkTooLong.status).toBe(400);
  });

  it('reports a kept expiration past the limit per key in a bulk update', async () => {
    const bounded = await createKey(ELASTIC, { expiration: '1d' });
    const legacy = await legacyKey();

    const response = await invoke(bulkUpdate, {
      method: 'POST',
      path: '/_security/api_key/_bulk_update',
      headers: ELASTIC,
      body: { ids: [bounded.id, legacy], metadata: { env: 'x' } },
    });

    expect(response.status).toBe(200);
    expect(response.body.updated).toEqual([bounded.id]);
    expect(response.body.errors.count).toBe(1);
    expect(response.body.errors.details[legacy]).toEqual({
      type: 'illegal_argument_exception',
      reason: `API key [${legacy}] never expires: ${LIMIT}; the update must set [expiration]`,
    });
  });

  it('applies to a rotation`s successor: a never-expiring predecessor needs an expiration', async () => {
    const legacy = await legacyKey();
    const call = (body?: Record<string, unknown>) =>
      invoke(rotate, {
        method: 'POST',
        path: `/_es_api_keys/api_key/${legacy}/_rotate`,
        pathParameters: { id: legacy },
        headers: ELASTIC,
        ...(body ? { body } : {}),
      });

    const defaulted = await call();
    const tooLong = await call({ expiration: '90d' });

    expect(defaulted.status).toBe(200);
    expect(defaulted.body.expiration - Date.now()).toBeLessThanOrEqual(7 * DAY);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.reason).toBe(`API key expiration is too long: ${LIMIT}`);
  });
});

describe('API_KEY_MAX_EXPIRATION without a default', () => {
  it('caps a rotated key`s inherited lifetime at the maximum', async () => {
    await useHandlerEnvironment();
    const unlimited = buildServices(
      loadConfig({ ...process.env, API_KEY_MAX_EXPIRATION: '', API_KEY_DEFAULT_EXPIRATION: '' }),
    );
    const limited = buildServices(
      loadConfig({ ...process.env, API_KEY_MAX_EXPIRATION: '30d', API_KEY_DEFAULT_EXPIRATION: '' }),
    );
    const auth = await unlimited.users.authenticate('elastic', ELASTIC_PASSWORD, '/');
    const old = await unlimited.apiKeys.create(auth, { name: 'long', expirationMillis: 365 * DAY });
    const before = Date.now();

    const rotated = await limited.apiKeyRotation.rotate(auth, old.id, {});

    expect(rotated.expiration).toBeGreaterThanOrEqual(before - 1000 + 30 * DAY);
    expect(rotated.expiration).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  });

  it('refuses a create without an expiration, naming the limit', async () => {
    await useHandlerEnvironment();
    const services = buildServices(
      loadConfig({ ...process.env, API_KEY_MAX_EXPIRATION: '30d', API_KEY_DEFAULT_EXPIRATION: '' }),
    );
    const auth = await services.users.authenticate('elastic', ELASTIC_PASSWORD, '/');

    const attempt = services.apiKeys.create(auth, { name: 'no-expiration' });

    await expect(attempt).rejects.toMatchObject({
      status: 400,
      type: 'illegal_argument_exception',
      message: `API key expiration is required: ${LIMIT}; set [expiration] to [30d] or less`,
    });
  });
});
