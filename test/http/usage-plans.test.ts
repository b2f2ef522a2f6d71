import { Client } from '@elastic/elasticsearch';
import { describe, expect, inject, it } from 'vitest';

const url = inject('offlineUrl');
const password = inject('elasticPassword');
const elastic = new Client({ node: url, auth: { username: 'elastic', password } });
const basic = `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`;

const createKey = (metadata: Record<string, unknown>) =>
  elastic.security.createApiKey({
    name: `plans-${Date.now()}`,
    role_descriptors: {
      r: { applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }] },
    },
    metadata,
  } as Parameters<typeof elastic.security.createApiKey>[0]);

// The local stack has no API Gateway: plans are declared (serverless.yml) and validated, nothing meters.
describe('usage plans on the local stack', () => {
  it('keeps a planned key working behind the authorizer and reports it as not metered', async () => {
    const key = await createKey({ usage_plan: 'basic' });

    const example = await fetch(`${url}/example/orders`, {
      headers: { authorization: `ApiKey ${key.encoded}` },
    });
    const usage = await fetch(`${url}/_es_api_keys/api_key/${key.id}/_usage`, {
      headers: { authorization: basic },
    });

    expect(example.status).toBe(200);
    expect(usage.status).toBe(200);
    expect(usage.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(await usage.json()).toEqual({
      id: key.id,
      name: key.name,
      usage_plan: 'basic',
      throttle: { rate_limit: 10, burst_limit: 20 },
      quota: { limit: 10000, period: 'DAY' },
      metered: false,
      reason: 'usage is not metered locally: there is no API Gateway in front of the local stack',
    });
  });

  it('refuses a plan serverless.yml does not declare with ES`s validation error', async () => {
    const response = await fetch(`${url}/_security/api_key`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'no-such-plan', metadata: { usage_plan: 'gold' } }),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        type: 'action_request_validation_exception',
        reason:
          'Validation Failed: 1: unknown usage plan [gold] in [metadata.usage_plan]: the declared plans are [basic, premium];',
      },
      status: 400,
    });
  });

  it('answers the usage of an unknown key with 404 and of no credentials with 401', async () => {
    const missing = await fetch(`${url}/_es_api_keys/api_key/no-such-key/_usage`, {
      headers: { authorization: basic },
    });
    const anonymous = await fetch(`${url}/_es_api_keys/api_key/no-such-key/_usage`);

    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { type: string } }).error.type).toBe(
      'resource_not_found_exception',
    );
    expect(anonymous.status).toBe(401);
  });
});
