import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/authorizer.js';
import { findFreePort } from '../../infra/local/processes.js';
import { apiKeyAuth } from '../support/events.js';
import { emitted, total } from '../support/metrics.js';

describe('authorizer when DynamoDB cannot be read', () => {
  beforeAll(async () => {
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${await findFreePort()}`,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_MAX_ATTEMPTS: '1',
      METRICS_NAMESPACE: 'es-api-keys/store-failure-test',
    });
  });

  it('fails closed with an explicit Deny', async () => {
    const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:api123/prod/GET/example/a';
    const encoded = Buffer.from('AAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB').toString('base64');

    let result: Awaited<ReturnType<typeof handler>> | undefined;
    const metrics = await emitted(async () => {
      result = await handler({
        type: 'REQUEST',
        methodArn,
        path: '/example/a',
        httpMethod: 'GET',
        headers: apiKeyAuth(encoded),
      } as unknown as APIGatewayRequestAuthorizerEvent);
    });

    expect(result?.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: methodArn },
    ]);
    expect(total(metrics, 'AuthorizerError')).toBe(1);
    expect(total(metrics, 'AuthorizerDeny')).toBe(0);
  });
});
