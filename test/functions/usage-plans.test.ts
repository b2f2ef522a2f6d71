import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices, provideServices } from '../../functions/container.js';
import { systemClock } from '../../functions/core/clock.js';
import { UsagePlanCatalog } from '../../functions/core/usage-plans/usage-plan-catalog.js';
import { handler as usage } from '../../functions/handlers/api-key-usage.js';
import { handler as authorizer } from '../../functions/handlers/authorizer.js';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as create } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as grant } from '../../functions/handlers/grant-api-key.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as update } from '../../functions/handlers/update-api-key.js';
import { handler as sweep } from '../../functions/handlers/usage-plan-sweeper.js';
import { apiKeyAuth, invoke, lambdaContext } from '../support/events.js';
import { FakeUsagePlanGateway } from '../support/fake-usage-plan-gateway.js';
import {
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';
import { restEvent } from './authorizer-adapters.js';

const PLANS = {
  basic: {
    gatewayName: 'es-api-keys-basic-test',
    rateLimit: 10,
    burstLimit: 20,
    quotaLimit: 1000,
    quotaPeriod: 'DAY',
  },
  premium: {
    gatewayName: 'es-api-keys-premium-test',
    rateLimit: 100,
    burstLimit: 200,
    quotaLimit: 100000,
    quotaPeriod: 'MONTH',
  },
};

let gateway: FakeUsagePlanGateway;

/** The handlers' services, with the declared plans and `gateway` as API Gateway's control plane. */
function useServices(env: Record<string, string> = {}): void {
  gateway = new FakeUsagePlanGateway();
  const config = loadConfig({ ...process.env, USAGE_PLANS: JSON.stringify(PLANS), ...env });
  provideServices(buildServices(config, systemClock, { usagePlanGateway: gateway }));
}

const catalog = new UsagePlanCatalog([], undefined, 'es-api-keys');
const gatewayName = (id: string) => catalog.gatewayKey(id).name;

function authorize(encoded: string): ReturnType<typeof authorizer> {
  const event = restEvent('GET', '/example/a', apiKeyAuth(encoded));
  return authorizer(event);
}

const EXAMPLE_ACCESS = {
  role_descriptors: {
    r: { applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }] },
  },
};

const updateKey = (auth: Record<string, string>, id: string, body: unknown) =>
  invoke(update, {
    method: 'PUT',
    path: `/_security/api_key/${id}`,
    pathParameters: { ids: id },
    headers: auth,
    body,
  });

const invalidateKeys = (ids: string[]) =>
  invoke(invalidate, {
    method: 'DELETE',
    path: '/_security/api_key',
    headers: ELASTIC,
    body: { ids },
  });

const usageOf = (auth: Record<string, string>, id: string) =>
  invoke(usage, {
    method: 'GET',
    path: `/_es_api_keys/api_key/${id}/_usage`,
    pathParameters: { id },
    headers: auth,
  });

async function stored(id: string) {
  const response = await invoke(getApiKeys, {
    method: 'GET',
    path: '/_security/api_key',
    headers: ELASTIC,
    query: { id },
  });
  return response.body.api_keys[0];
}

beforeAll(useHandlerEnvironment);
beforeEach(() => useServices());
afterAll(() => provideServices(undefined));

describe('usage plans', () => {
  it('puts a planned key on its plan and gives the authorizer its usage identifier', async () => {
    const key = await createKey(ELASTIC, { ...EXAMPLE_ACCESS, metadata: { usage_plan: 'basic' } });

    const result = await authorize(key.encoded);

    expect(gateway.calls).toEqual([
      { operation: 'attach', name: gatewayName(key.id), plan: 'es-api-keys-basic-test' },
    ]);
    const gatewayKey = gateway.keys.get(gatewayName(key.id));
    expect(gatewayKey?.plan).toBe('es-api-keys-basic-test');
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(result.usageIdentifierKey).toBe(gatewayKey?.value);
    expect(gatewayKey?.value).toMatch(/^[0-9a-f]{64}$/);
    expect(gatewayKey?.value).not.toContain(key.api_key);
  });

  it('leaves a key without a plan as it was: no gateway call, no usage identifier', async () => {
    const key = await createKey(ELASTIC, { ...EXAMPLE_ACCESS, metadata: { team: 'a' } });

    const result = await authorize(key.encoded);
    const updated = await updateKey(ELASTIC, key.id, { metadata: { team: 'b' } });
    const invalidated = await invalidateKeys([key.id]);

    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect('usageIdentifierKey' in result).toBe(false);
    expect(updated.body).toEqual({ updated: true });
    expect(invalidated.body.invalidated_api_keys).toEqual([key.id]);
    expect(invalidated.body.error_count).toBe(0);
    expect(gateway.calls).toEqual([]);
  });

  it('refuses an unknown plan on create, update and grant with a 400, writing nothing', async () => {
    const name = unique('unknown-plan');
    const existing = await createKey(ELASTIC);
    const user = await userWith(['monitor']);

    const created = await invoke(create, {
      method: 'POST',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { name, metadata: { usage_plan: 'gold' } },
    });
    const updated = await updateKey(ELASTIC, existing.id, { metadata: { usage_plan: 'gold' } });
    const granted = await invoke(grant, {
      method: 'POST',
      path: '/_security/api_key/grant',
      headers: ELASTIC,
      body: {
        grant_type: 'password',
        username: user.username,
        password: user.password,
        api_key: { name, metadata: { usage_plan: 7 } },
      },
    });
    const named = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { name },
    });

    for (const response of [created, updated, granted]) {
      expect(response.status).toBe(400);
      expect(response.body.error.type).toBe('action_request_validation_exception');
    }
    expect(created.body.error.reason).toBe(
      'Validation Failed: 1: unknown usage plan [gold] in [metadata.usage_plan]: the declared plans are [basic, premium];',
    );
    expect(granted.body.error.reason).toContain('unknown usage plan [number]');
    expect(named.body.api_keys).toEqual([]);
    expect((await stored(existing.id)).metadata).toEqual({});
    expect(gateway.calls).toEqual([]);
  });

  it('puts a granted key on its plan', async () => {
    const user = await userWith(['monitor']);

    const granted = await invoke(grant, {
      method: 'POST',
      path: '/_security/api_key/grant',
      headers: ELASTIC,
      body: {
        grant_type: 'password',
        username: user.username,
        password: user.password,
        api_key: { name: unique('granted'), metadata: { usage_plan: 'premium' } },
      },
    });

    expect(granted.status).toBe(200);
    expect(gateway.keys.get(gatewayName(granted.body.id))?.plan).toBe('es-api-keys-premium-test');
  });

  it('moves a key between plans on update and deletes its gateway key when it leaves them', async () => {
    const user = await userWith(['manage_own_api_key']);
    const key = await createKey(user.auth, { metadata: { usage_plan: 'basic' } });

    const moved = await updateKey(user.auth, key.id, { metadata: { usage_plan: 'premium' } });
    const onPremium = gateway.keys.get(gatewayName(key.id))?.plan;
    const left = await updateKey(user.auth, key.id, { metadata: { team: 'x' } });

    expect(moved.body).toEqual({ updated: true });
    expect(onPremium).toBe('es-api-keys-premium-test');
    expect(left.body).toEqual({ updated: true });
    expect(gateway.keys.has(gatewayName(key.id))).toBe(false);
    expect(gateway.callsFor(key.id).map((call) => [call.operation, call.plan])).toEqual([
      ['attach', 'es-api-keys-basic-test'],
      ['attach', 'es-api-keys-premium-test'],
      ['detach', undefined],
    ]);
  });

  it('deletes the gateway key of an invalidated planned key', async () => {
    const key = await createKey(ELASTIC, { metadata: { usage_plan: 'basic' } });

    const response = await invalidateKeys([key.id]);

    expect(response.body.invalidated_api_keys).toEqual([key.id]);
    expect(response.body.error_count).toBe(0);
    expect(gateway.keys.has(gatewayName(key.id))).toBe(false);
    expect(gateway.callsFor(key.id).map((call) => call.operation)).toEqual(['attach', 'detach']);
  });

  it('puts keys without a plan of their own on the stage`s default plan', async () => {
    useServices({ DEFAULT_USAGE_PLAN: 'premium' });
    const key = await createKey(ELASTIC, EXAMPLE_ACCESS);
    const chosen = await createKey(ELASTIC, { metadata: { usage_plan: 'basic' } });

    const result = await authorize(key.encoded);

    expect(gateway.keys.get(gatewayName(key.id))?.plan).toBe('es-api-keys-premium-test');
    expect(gateway.keys.get(gatewayName(chosen.id))?.plan).toBe('es-api-keys-basic-test');
    expect(result.usageIdentifierKey).toBe(gateway.keys.get(gatewayName(key.id))?.value);
  });
});

describe('usage plans when API Gateway fails', () => {
  it('fails a create closed: 503, no secret, the stored key invalidated, no gateway key', async () => {
    gateway.failOn('attach');
    const name = unique('failing-plan');

    const response = await invoke(create, {
      method: 'POST',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { name, metadata: { usage_plan: 'basic' } },
    });
    const named = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { name },
    });

    expect(response.status).toBe(503);
    expect(response.raw).not.toContain('api_key"');
    expect(response.body.error.reason).toMatch(
      /^API key \[[\w-]+\] could not be put on usage plan \[basic\] \(API Gateway: TooManyRequestsException\); it was invalidated and its secret discarded: retry the request$/,
    );
    expect(named.body.api_keys).toHaveLength(1);
    expect(named.body.api_keys[0].invalidated).toBe(true);
    expect(gateway.keys.size).toBe(0);
    expect(gateway.calls.map((call) => call.operation)).toEqual(['attach', 'detach']);
  });

  it('reports a failed move on update, and the retry (a noop) applies the plan', async () => {
    const user = await userWith(['manage_own_api_key']);
    const key = await createKey(user.auth, { metadata: { usage_plan: 'basic' } });
    gateway.failOn('attach');

    const failed = await updateKey(user.auth, key.id, { metadata: { usage_plan: 'premium' } });
    gateway.heal();
    const retried = await updateKey(user.auth, key.id, { metadata: { usage_plan: 'premium' } });

    expect(failed.status).toBe(503);
    expect(failed.body.error.reason).toBe(
      `API key [${key.id}] was updated but its usage plan could not be applied (API Gateway: TooManyRequestsException): retry the update`,
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ updated: false });
    expect(gateway.keys.get(gatewayName(key.id))?.plan).toBe('es-api-keys-premium-test');
  });

  it('reports a failed move per key in a bulk update; the retry applies the plans', async () => {
    const user = await userWith(['manage_own_api_key']);
    const key = await createKey(user.auth, { metadata: { usage_plan: 'basic' } });
    const unplanned = await createKey(user.auth);
    gateway.failOn('attach');

    const response = await invoke(bulkUpdate, {
      method: 'POST',
      path: '/_security/api_key/_bulk_update',
      headers: user.auth,
      body: { ids: [key.id, unplanned.id], metadata: { team: 'x', usage_plan: 'premium' } },
    });
    gateway.heal();
    const retried = await invoke(bulkUpdate, {
      method: 'POST',
      path: '/_security/api_key/_bulk_update',
      headers: user.auth,
      body: { ids: [key.id, unplanned.id], metadata: { team: 'x', usage_plan: 'premium' } },
    });

    expect(response.status).toBe(200);
    expect(response.body.updated).toEqual([]);
    expect(Object.keys(response.body.errors.details).sort()).toEqual([key.id, unplanned.id].sort());
    expect(response.body.errors.details[key.id].type).toBe('status_exception');
    expect(retried.body).toEqual({ updated: [], noops: [key.id, unplanned.id] });
    expect(gateway.keys.get(gatewayName(key.id))?.plan).toBe('es-api-keys-premium-test');
    expect(gateway.keys.get(gatewayName(unplanned.id))?.plan).toBe('es-api-keys-premium-test');
  });

  it('invalidates even when the gateway key cannot be deleted, and says so', async () => {
    const key = await createKey(ELASTIC, { ...EXAMPLE_ACCESS, metadata: { usage_plan: 'basic' } });
    gateway.failOn('detach');

    const response = await invalidateKeys([key.id]);

    expect(response.body.invalidated_api_keys).toEqual([key.id]);
    expect(response.body.error_count).toBe(1);
    expect(response.body.error_details[0].reason).toBe(
      `api key [${key.id}] was invalidated, but its API Gateway key [${gatewayName(key.id)}] was not deleted (API Gateway: TooManyRequestsException); it grants nothing: delete it by name`,
    );
    await expect(authorize(key.encoded)).rejects.toThrow('Unauthorized');
  });
});

describe('the usage plan sweep', () => {
  it('deletes the gateway keys of expired, invalidated, unplanned and vanished keys only', async () => {
    const active = await createKey(ELASTIC, { metadata: { usage_plan: 'basic' } });
    const expiring = await createKey(ELASTIC, {
      expiration: '1s',
      metadata: { usage_plan: 'basic' },
    });
    const invalidated = await createKey(ELASTIC, { metadata: { usage_plan: 'premium' } });
    const unplanned = await createKey(ELASTIC);
    gateway.failOn('detach');
    await invalidateKeys([invalidated.id]);
    gateway.heal();
    const catalogKey = (id: string) => ({ ...catalog.gatewayKey(id), plan: 'x' });
    gateway.keys.set(gatewayName(unplanned.id), catalogKey(unplanned.id));
    gateway.keys.set(gatewayName('vanished'), catalogKey('vanished'));
    const elsewhere = 'es-api-keys-other-stage/kept';
    gateway.keys.set(elsewhere, { value: 'v', plan: 'x' });
    const later = Date.now() + 5_000;
    const shared = gateway;
    provideServices(
      buildServices(
        loadConfig({ ...process.env, USAGE_PLANS: JSON.stringify(PLANS) }),
        () => later,
        { usagePlanGateway: shared },
      ),
    );

    await sweep({}, lambdaContext);

    expect([...gateway.keys.keys()].sort()).toEqual([gatewayName(active.id), elsewhere].sort());
    expect(
      gateway.calls
        .filter((call) => call.operation === 'detach')
        .map((call) => call.name)
        .sort(),
    ).toEqual(
      [
        gatewayName(invalidated.id),
        gatewayName(expiring.id),
        gatewayName(invalidated.id),
        gatewayName(unplanned.id),
        gatewayName('vanished'),
      ].sort(),
    );
  });
});

describe('GET /_es_api_keys/api_key/{id}/_usage', () => {
  it('reports the plan and the usage of the current quota period', async () => {
    const key = await createKey(ELASTIC, { metadata: { usage_plan: 'basic' } });
    gateway.remaining = 958;

    const response = await usageOf(ELASTIC, key.id);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: key.id,
      name: key.name,
      usage_plan: 'basic',
      throttle: { rate_limit: 10, burst_limit: 20 },
      quota: { limit: 1000, period: 'DAY' },
      metered: true,
      used: 42,
      remaining: 958,
    });
  });

  it('follows the get API`s read rules: own keys for manage_own_api_key, every key for read_security', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const other = await userWith(['manage_own_api_key']);
    const reader = await userWith(['read_security']);
    const key = await createKey(owner.auth, { metadata: { usage_plan: 'premium' } });

    const statuses = [
      (await usageOf(owner.auth, key.id)).status,
      (await usageOf(apiKeyAuth(key.encoded), key.id)).status,
      (await usageOf(other.auth, key.id)).status,
      (await usageOf(other.auth, 'no-such-key')).status,
      (await usageOf(reader.auth, key.id)).status,
      (await usageOf(ELASTIC, 'no-such-key')).status,
      (await usageOf(ELASTIC, 'not a key id')).status,
    ];

    expect(statuses).toEqual([200, 200, 403, 403, 200, 404, 400]);
  });

  it('says when a key is on no plan, inactive, or not metered at all (the local stack)', async () => {
    const unplanned = await createKey(ELASTIC);
    const planned = await createKey(ELASTIC, { metadata: { usage_plan: 'basic' } });
    const invalidated = await createKey(ELASTIC, { metadata: { usage_plan: 'basic' } });
    await invalidateKeys([invalidated.id]);
    const unplannedUsage = await usageOf(ELASTIC, unplanned.id);
    const invalidatedUsage = await usageOf(ELASTIC, invalidated.id);
    const calls = gateway.calls.length;
    useServices({ IS_OFFLINE: 'true' });

    const local = await usageOf(ELASTIC, planned.id);

    expect(unplannedUsage.body).toEqual({
      id: unplanned.id,
      name: unplanned.name,
      usage_plan: null,
      metered: false,
      reason: 'the API key is on no usage plan',
    });
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({
      usage_plan: 'basic',
      metered: false,
      reason: 'usage is not metered locally: there is no API Gateway in front of the local stack',
    });
    expect(invalidatedUsage.body).toMatchObject({
      usage_plan: 'basic',
      metered: false,
      reason: 'the API key is expired or invalidated: its API Gateway key is deleted',
    });
    expect(calls).toBe(3);
    expect(gateway.calls).toEqual([]);
  });
});
