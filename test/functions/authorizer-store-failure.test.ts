import { beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/local/processes.js';
import { apiKeyAuth, basicAuth } from '../support/events.js';
import { emitted, total } from '../support/metrics.js';
import { ADAPTERS } from './authorizer-adapters.js';

describe('authorizers when DynamoDB cannot be read', () => {
  beforeAll(async () => {
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${await findFreePort()}`,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_MAX_ATTEMPTS: '1',
      METRICS_NAMESPACE: 'es-api-keys/store-failure-test',
    });
  });

  const encoded = Buffer.from('AAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB').toString('base64');

  // The matrix's last row (authorizer-matrix.test.ts holds the others): a store failure is a Deny,
  // counted as an authorizer error.
  it.each(ADAPTERS)('$name fails closed with a Deny', async (adapter) => {
    const metrics = await emitted(async () => {
      expect(await adapter.probe(apiKeyAuth(encoded))).toEqual({ effect: 'deny' });
      expect(await adapter.probe(basicAuth('jane', 'jane-password'))).toEqual({ effect: 'deny' });
    });
    expect(total(metrics, 'AuthorizerError')).toBe(2);
    expect(total(metrics, 'AuthorizerDeny')).toBe(0);
  });
});
