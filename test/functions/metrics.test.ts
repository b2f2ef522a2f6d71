import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as authorizer } from '../../functions/handlers/authorizer.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { apiKeyAuth, basicAuth, invoke } from '../support/events.js';
import {
  type CreatedKey,
  createKey,
  ELASTIC,
  useHandlerEnvironment,
} from '../support/handler-env.js';
import { emitted, total } from '../support/metrics.js';

const NAMESPACE = 'es-api-keys/metrics-test';

function authorizerEvent(headers: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api123/prod/GET/example/a',
    resource: '/example/{proxy+}',
    path: '/example/a',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: null,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

describe('EMF metrics from the real handlers', () => {
  beforeAll(async () => {
    await useHandlerEnvironment();
    process.env['METRICS_NAMESPACE'] = NAMESPACE;
  });
  beforeEach(() => {
    vi.restoreAllMocks();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('counts each REST response by operation, 4xx and 5xx as 0 or 1, with store latency', async () => {
    const documents = await emitted(async () => {
      await invoke(getApiKeys, { method: 'GET', path: '/_security/api_key', headers: ELASTIC });
      await invoke(getApiKeys, {
        method: 'GET',
        path: '/_security/api_key',
        headers: basicAuth('elastic', 'wrong-password'),
      });
    });
    const operation = { Operation: 'GET /_security/api_key' };

    expect(documents.every((doc) => doc._aws.CloudWatchMetrics[0]?.Namespace === NAMESPACE)).toBe(
      true,
    );
    expect(total(documents, 'Requests', operation)).toBe(2);
    expect(total(documents, 'Http4xx', operation)).toBe(1);
    expect(total(documents, 'Http5xx', operation)).toBe(0);
    expect(
      documents.find((doc) => doc['Operation'] !== undefined)?._aws.CloudWatchMetrics[0]
        ?.Dimensions,
    ).toEqual([['Operation'], []]);
    // A get of every key reads the all-name index.
    expect(total(documents, 'StoreLatency', { StoreOperation: 'Query' })).toBeGreaterThan(0);
  });

  it('counts authorizer allows and denies, and cold verifications against cache hits', async () => {
    let key: CreatedKey | undefined;
    let fresh: CreatedKey | undefined;
    await emitted(async () => {
      key = await createKey(ELASTIC, {
        role_descriptors: {
          r: { applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }] },
        },
      });
      fresh = await createKey(ELASTIC, { role_descriptors: { r: { applications: [] } } });
    });

    const documents = await emitted(async () => {
      await authorizer(authorizerEvent(apiKeyAuth(key?.encoded ?? '')));
      await authorizer(authorizerEvent(apiKeyAuth(fresh?.encoded ?? '')));
      await authorizer(authorizerEvent({})).catch(() => undefined);
    });

    expect(total(documents, 'AuthorizerAllow')).toBe(1);
    expect(total(documents, 'AuthorizerDeny')).toBe(2);
    expect(total(documents, 'AuthorizerError')).toBe(0);
    // Both secrets were remembered at creation by this instance: no slow hash.
    expect(total(documents, 'VerifiedCacheHits')).toBe(2);
    expect(total(documents, 'ColdVerifications')).toBe(0);
  });
});
