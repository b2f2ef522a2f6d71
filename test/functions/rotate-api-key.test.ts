import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices, type Services } from '../../functions/container.js';
import type { ApiKeyRecord } from '../../functions/core/api-keys/api-key.js';
import { ApiKeyRotation } from '../../functions/core/api-keys/api-key-rotation.js';
import { ApiKeyService } from '../../functions/core/api-keys/api-key-service.js';
import { serviceUnavailable } from '../../functions/core/errors.js';
import type { Authentication } from '../../functions/core/security/authentication.js';
import { VerifiedCredentialCache } from '../../functions/core/security/verified-credential-cache.js';
import { handler as switchKey } from '../../functions/handlers/disable-enable-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as rotateHandler } from '../../functions/handlers/rotate-api-key.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { DelegatingStore } from '../support/delegating-store.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  ELASTIC_PASSWORD,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';
import { authenticateAs, keyInfo } from '../support/key-requests.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const rotate = (headers: Record<string, string>, id: string, body?: unknown) =>
  invoke(rotateHandler, {
    method: 'POST',
    path: `/_es_api_keys/api_key/${id}/_rotate`,
    pathParameters: { id },
    headers,
    ...(body === undefined ? {} : { body }),
  });

describe('extension: POST /_es_api_keys/api_key/{id}/_rotate', () => {
  beforeAll(useHandlerEnvironment);

  it('issues a successor with the same name, descriptors and metadata, and cuts the predecessor to now + 1h', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const descriptors = { reader: { cluster: ['monitor'] } };
    const old = await createKey(owner.auth, {
      expiration: '30d',
      role_descriptors: descriptors,
      metadata: { team: 'payments', usage_plan: 'gold' },
    });
    const before = Date.now();

    const response = await rotate(owner.auth, old.id);
    const successor = await keyInfo(response.body.id);
    const predecessor = await keyInfo(old.id);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      [
        'api_key',
        'encoded',
        'expiration',
        'id',
        'name',
        'rotated_from',
        'rotated_from_expiration',
      ].sort(),
    );
    expect(response.body.name).toBe(old.name);
    expect(response.body.rotated_from).toBe(old.id);
    expect(response.body.encoded).toBe(
      Buffer.from(`${response.body.id}:${response.body.api_key}`).toString('base64'),
    );
    expect(response.body.expiration).toBeGreaterThanOrEqual(before - 1000 + 30 * DAY);
    expect(successor.metadata).toEqual({
      team: 'payments',
      usage_plan: 'gold',
      rotated_from: old.id,
    });
    expect(successor.role_descriptors.reader.cluster).toEqual(['monitor']);
    expect(successor.username).toBe(owner.username);
    expect(predecessor.expiration).toBe(response.body.rotated_from_expiration);
    expect(predecessor.expiration).toBeGreaterThanOrEqual(before - 1000 + HOUR);
    expect(predecessor.expiration).toBeLessThanOrEqual(Date.now() + HOUR);
    expect((await authenticateAs(response.body.encoded)).status).toBe(200);
    expect((await authenticateAs(old.encoded)).status).toBe(200);
  });

  it('with overlap 0 ends the predecessor at once: its next request gets 401', async () => {
    const old = await createKey(ELASTIC);

    const response = await rotate(ELASTIC, old.id, { overlap: '0s' });
    const refused = await authenticateAs(old.encoded);

    expect(response.status).toBe(200);
    expect(response.body.expiration).toBeUndefined();
    expect(refused.status).toBe(401);
    expect(refused.body.error.additional_unsuccessful_credentials).toBe(
      'API key: api key is expired',
    );
    expect((await authenticateAs(response.body.encoded)).status).toBe(200);
  });

  it('never lengthens the predecessor: an overlap past its expiration keeps that expiration', async () => {
    const old = await createKey(ELASTIC, { expiration: '10m' });
    const expiration = (await keyInfo(old.id)).expiration;

    const response = await rotate(ELASTIC, old.id, { overlap: '7d' });

    expect(response.body.rotated_from_expiration).toBe(expiration);
    expect((await keyInfo(old.id)).expiration).toBe(expiration);
  });

  it('takes the successor`s expiration and id from the body, under the create rules', async () => {
    const old = await createKey(ELASTIC);
    const id = unique('successor');

    const chosen = await rotate(ELASTIC, old.id, { id, expiration: '2d', overlap: '5m' });
    const taken = await rotate(ELASTIC, old.id, { id });
    const badId = await rotate(ELASTIC, old.id, { id: 'a:b' });

    expect(chosen.body.id).toBe(id);
    expect(chosen.body.expiration - Date.now()).toBeGreaterThan(2 * DAY - 60_000);
    expect(taken.status).toBe(409);
    expect(taken.body.error.type).toBe('version_conflict_engine_exception');
    expect(badId.status).toBe(400);
    expect(badId.body.error.reason).toBe(
      'Validation Failed: 1: api key id must be 1 to 64 characters of [A-Za-z0-9_-];',
    );
  });

  it('follows the update rules: owner only, no API key callers, no invalidated or disabled keys', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const other = await userWith(['manage_own_api_key']);
    const monitor = await userWith(['monitor']);
    const key = await createKey(owner.auth);
    const invalidated = await createKey(owner.auth);
    await invoke(invalidate, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [invalidated.id] },
    });
    const disabled = await createKey(owner.auth);
    await invoke(switchKey, {
      method: 'POST',
      path: `/_es_api_keys/api_key/${disabled.id}/_disable`,
      pathParameters: { id: disabled.id },
      headers: owner.auth,
    });

    const byOther = await rotate(other.auth, key.id);
    const byItself = await rotate(apiKeyAuth(key.encoded), key.id);
    const byMonitor = await rotate(monitor.auth, key.id);
    const ofInvalidated = await rotate(owner.auth, invalidated.id);
    const ofDisabled = await rotate(owner.auth, disabled.id);

    expect(byOther.status).toBe(404);
    expect(byOther.body.error.reason).toBe(
      `no API key owned by requesting user found for ID [${key.id}]`,
    );
    expect(byItself.status).toBe(400);
    expect(byItself.body.error.reason).toBe(
      'authentication via API key not supported: only the owner user can rotate an API key',
    );
    expect(byMonitor.status).toBe(403);
    expect(byMonitor.body.error.reason).toMatch(/api_key\/update\] is unauthorized/);
    expect(ofInvalidated.body.error.reason).toBe(
      `cannot rotate invalidated API key [${invalidated.id}]`,
    );
    expect(ofDisabled.body.error.reason).toBe(
      `cannot rotate disabled API key [${disabled.id}]: enable it first`,
    );
    const owned = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: owner.auth,
      query: { owner: 'true' },
    });
    expect(owned.body.api_keys).toHaveLength(3);
  });

  it('validates the body: unknown fields, negative and malformed overlaps', async () => {
    const key = await createKey(ELASTIC);

    const unknown = await rotate(ELASTIC, key.id, { name: 'x' });
    const negative = await rotate(ELASTIC, key.id, { overlap: '-1' });
    const malformed = await rotate(ELASTIC, key.id, { overlap: 'soon' });

    expect(unknown.body.error).toMatchObject({
      type: 'x_content_parse_exception',
      reason: '[1:2] [rotate_api_key_request] unknown field [name]',
    });
    expect(negative.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: '[overlap] must be 0 or more',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.caused_by.reason).toBe(
      'failed to parse setting [overlap] with value [soon] as a time value: unit is missing or unrecognized',
    );
    expect((await keyInfo(key.id)).expiration).toBeUndefined();
  });

  runCommonSecurityTests(rotateHandler, {
    method: 'POST',
    path: '/_es_api_keys/api_key/some-id/_rotate',
    pathParameters: { id: 'some-id' },
  });
});

describe('rotation over time (a fake clock started from the real one)', () => {
  let now = Date.now();
  const clock = () => now;
  let services: Services;

  beforeAll(async () => {
    await useHandlerEnvironment();
    services = buildServices(loadConfig(process.env), clock);
  });

  it('lets the predecessor work until the overlap ends, then refuses it with 401', async () => {
    now = Date.now();
    const auth = await services.users.authenticate('elastic', ELASTIC_PASSWORD, '/');
    const old = await services.apiKeys.create(auth, { name: 'rotating' });

    const rotated = await services.apiKeyRotation.rotate(auth, old.id, { overlapMillis: HOUR });
    now += HOUR - 1;
    const justBefore = await services.apiKeys.authenticate(old.id, old.api_key);
    now += 1;
    const atEnd = await services.apiKeys
      .authenticate(old.id, old.api_key)
      .catch((error: unknown) => error);
    const successor = await services.apiKeys.authenticate(rotated.id, rotated.api_key);

    expect(justBefore.apiKey.id).toBe(old.id);
    expect(atEnd).toMatchObject({
      status: 401,
      metadata: { additional_unsuccessful_credentials: 'API key: api key is expired' },
    });
    expect(successor.apiKey.metadata).toEqual({ rotated_from: old.id });
  });
});

type Fault = 'none' | 'conflict' | 'unavailable';

const unavailable = () =>
  serviceUnavailable(
    'the security store is unavailable or did not answer in time; the request can be retried',
  );

/** The real store, with a failure injected into one step of a rotation. */
class FaultyStore extends DelegatingStore {
  failCreate = false;
  replaceFault: Fault = 'none';
  failInvalidate = false;

  override async create(key: ApiKeyRecord) {
    if (this.failCreate) {
      throw unavailable();
    }
    return this.inner.create(key);
  }
  override async invalidate(id: string, time: number, deleteAfter: number) {
    if (this.failInvalidate) {
      throw unavailable();
    }
    return this.inner.invalidate(id, time, deleteAfter);
  }
  override async replace(key: ApiKeyRecord, expectedVersion: number) {
    if (this.replaceFault === 'unavailable') {
      throw unavailable();
    }
    if (this.replaceFault === 'conflict') {
      // Another writer changes the key between the rotation's read and its write.
      const current = await this.inner.get(key.id);
      if (current) {
        await this.inner.replace({ ...current, version: current.version + 1 }, current.version);
      }
    }
    return this.inner.replace(key, expectedVersion);
  }
}

describe('a rotation whose store fails at one step', () => {
  let store: FaultyStore;
  let rotation: ApiKeyRotation;
  let apiKeys: ApiKeyService;
  let auth: Authentication;

  beforeAll(async () => {
    await useHandlerEnvironment();
    const config = loadConfig(process.env);
    const services = buildServices(config);
    auth = await services.users.authenticate('elastic', ELASTIC_PASSWORD, '/');
    const client = createDocumentClient({
      region: config.region,
      endpoint: config.dynamodbEndpoint,
      timeouts: config.storeTimeouts,
    });
    store = new FaultyStore(new DynamoApiKeyStore(client, config.apiKeysTable));
    const options = { retentionMillis: config.retentionMillis, clock: Date.now };
    apiKeys = new ApiKeyService(store, new VerifiedCredentialCache(0, 0, Date.now), {
      hashing: config.apiKeyHashing,
      ...options,
    });
    rotation = new ApiKeyRotation(store, apiKeys, options);
  });

  async function fresh() {
    store.failCreate = false;
    store.replaceFault = 'none';
    store.failInvalidate = false;
    const key = await apiKeys.create(auth, { name: unique('faulty'), expirationMillis: DAY });
    return { key, stored: (await store.get(key.id)) as ApiKeyRecord };
  }

  async function successorsOf(id: string): Promise<ApiKeyRecord[]> {
    const found: ApiKeyRecord[] = [];
    for await (const key of store.scan()) {
      if (key.metadata['rotated_from'] === id) {
        found.push(key);
      }
    }
    return found;
  }

  it('creating the successor fails: the caller gets the store`s 503 and nothing changed', async () => {
    const { key, stored } = await fresh();
    store.failCreate = true;

    const attempt = rotation.rotate(auth, key.id, {});

    await expect(attempt).rejects.toMatchObject({ status: 503, type: 'status_exception' });
    expect(await store.get(key.id)).toEqual(stored);
    expect(await successorsOf(key.id)).toEqual([]);
  });

  it('the predecessor changed concurrently: 409 naming the successor, which is invalidated', async () => {
    const { key } = await fresh();
    store.replaceFault = 'conflict';

    const error = await rotation.rotate(auth, key.id, {}).catch((e: unknown) => e);
    const successors = await successorsOf(key.id);

    expect(successors).toHaveLength(1);
    const successorId = successors[0]?.id;
    expect(successors[0]?.api_key_invalidated).toBe(true);
    expect(error).toMatchObject({
      status: 409,
      type: 'version_conflict_engine_exception',
      message: `API key [${key.id}] was not rotated: its expiration could not be shortened; the successor [${successorId}] was invalidated; the rotation can be retried`,
      metadata: {
        rotated_from: key.id,
        successor_id: successorId,
        successor_invalidated: 'true',
      },
    });
    expect((await store.get(key.id))?.expiration_time).toBe(key.expiration);
  });

  it('the store fails after the successor exists and cannot undo it: 503 saying the successor is active', async () => {
    const { key } = await fresh();
    store.replaceFault = 'unavailable';
    store.failInvalidate = true;

    const error = await rotation.rotate(auth, key.id, {}).catch((e: unknown) => e);
    const successors = await successorsOf(key.id);

    expect(successors).toHaveLength(1);
    const successorId = successors[0]?.id;
    expect(successors[0]?.api_key_invalidated).toBe(false);
    expect(error).toMatchObject({
      status: 503,
      type: 'status_exception',
      message: `API key [${key.id}] was not rotated: its expiration could not be shortened; the successor [${successorId}] could not be invalidated and is active: invalidate it, then retry the rotation`,
      metadata: { successor_id: successorId, successor_invalidated: 'false' },
      causedBy: {
        type: 'status_exception',
        reason:
          'the security store is unavailable or did not answer in time; the request can be retried',
      },
    });
    expect((await store.get(key.id))?.expiration_time).toBe(key.expiration);
  });
});
