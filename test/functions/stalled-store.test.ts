import { createServer, type Server, type Socket } from 'node:net';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as authorizer } from '../../functions/handlers/authorizer.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, invoke, type Response } from '../support/events.js';
import { ELASTIC, ELASTIC_PASSWORD } from '../support/handler-env.js';

/**
 * A stalled DynamoDB: accepts connections and never answers. Each test's timeout, below the 10 s
 * function timeout, is the bound: the store's own timeouts must end the request first.
 */
const BOUND_MILLIS = 9_000;

const API_KEY = apiKeyAuth(
  Buffer.from('AAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB').toString('base64'),
);

function expectUnavailable(response: Response): void {
  expect(response.status).toBe(503);
  expect(response.body).toEqual({
    error: {
      root_cause: [
        {
          type: 'status_exception',
          reason:
            'the security store is unavailable or did not answer in time; the request can be retried',
        },
      ],
      type: 'status_exception',
      reason:
        'the security store is unavailable or did not answer in time; the request can be retried',
    },
    status: 503,
  });
}

describe('a stalled store (connections accepted, never answered)', () => {
  let server: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // The default store timeouts apply: no DYNAMODB_* bounds are set here.
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ELASTIC_PASSWORD,
      API_KEY_HASHING_ALGORITHM: 'bcrypt4',
    });
    for (const name of [
      'DYNAMODB_CONNECT_TIMEOUT',
      'DYNAMODB_REQUEST_TIMEOUT',
      'AWS_MAX_ATTEMPTS',
    ]) {
      delete process.env[name];
    }
  });

  afterAll(async () => {
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => server.close(resolve));
  });

  it.concurrent(
    'create answers 503 and names no internals',
    async () => {
      const response = await invoke(createApiKey, {
        method: 'POST',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { name: 'stalled' },
      });

      expectUnavailable(response);
    },
    BOUND_MILLIS,
  );

  it.concurrent(
    'get answers 503',
    async () => {
      const response = await invoke(getApiKeys, {
        method: 'GET',
        path: '/_security/api_key',
        headers: ELASTIC,
        query: { id: 'AAAAAAAAAAAAAAAAAAAA' },
      });

      expectUnavailable(response);
    },
    BOUND_MILLIS,
  );

  it.concurrent(
    'invalidate answers 503',
    async () => {
      const response = await invoke(invalidate, {
        method: 'DELETE',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { ids: ['AAAAAAAAAAAAAAAAAAAA', 'CCCCCCCCCCCCCCCCCCCC'] },
      });

      expectUnavailable(response);
    },
    BOUND_MILLIS,
  );

  it.concurrent(
    'authenticating an API key answers 503',
    async () => {
      const response = await invoke(authenticate, {
        method: 'GET',
        path: '/_security/_authenticate',
        headers: API_KEY,
      });

      expectUnavailable(response);
    },
    BOUND_MILLIS,
  );

  it.concurrent(
    'the authorizer denies',
    async () => {
      const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:api123/prod/GET/example/a';

      const result = await authorizer({
        type: 'REQUEST',
        methodArn,
        path: '/example/a',
        httpMethod: 'GET',
        headers: API_KEY,
      } as unknown as APIGatewayRequestAuthorizerEvent);

      expect(result.policyDocument.Statement).toEqual([
        { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: methodArn },
      ]);
    },
    BOUND_MILLIS,
  );
});
