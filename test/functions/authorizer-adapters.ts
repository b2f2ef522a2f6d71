import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import { expect } from 'vitest';
import { handler as restHandler } from '../../functions/handlers/authorizer.js';
import { handler as httpApiHandler } from '../../functions/handlers/authorizer-http-api.js';
import { handler as websocketHandler } from '../../functions/handlers/authorizer-websocket.js';
import type { SimpleAuthorizerResult } from '../../functions/http/authorizer/http-api.js';

/** The shared parts of the authorizer tests: one event builder per gateway, one outcome shape. */

export const API_ARN = 'arn:aws:execute-api:us-east-1:123456789012:api123/prod';

export type Outcome =
  | { effect: 'unauthorized' }
  | { effect: 'deny' }
  | { effect: 'allow'; context: Record<string, unknown> };

/** A REST API (and HTTP API payload 1.0) `REQUEST` event. */
export function restEvent(
  method: string,
  path: string,
  headers: Record<string, string>,
  multiValueHeaders: Record<string, string[]> | null = null,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: `${API_ARN}/${method}${path}`,
    resource: '/example/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/** An HTTP API payload 2.0 event as API Gateway sends it: lowercase header names. */
export function httpApiEvent(
  method: string,
  path: string,
  headers: Record<string, string>,
  routeKey = 'ANY /example-http/{proxy+}',
): APIGatewayRequestAuthorizerEventV2 {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `${API_ARN}/${method}${path}`,
    identitySource: Object.values(lower).slice(0, 1),
    routeKey,
    rawPath: path,
    rawQueryString: '',
    cookies: [],
    headers: lower,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api123',
      domainName: 'api123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'api123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

/** A WebSocket API `$connect` event; credentials in a header or the query string. */
export function websocketEvent(
  headers: Record<string, string>,
  query: Record<string, string> | null = null,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: `${API_ARN}/$connect`,
    resource: '$connect',
    path: '',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    pathParameters: null,
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    stageVariables: null,
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      connectionId: 'conn-1',
      stage: 'prod',
    } as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/** A policy's outcome, after checking it names exactly the ARN asked about (cache safety). */
function policyOutcome(result: APIGatewayAuthorizerResult, arn: string): Outcome {
  expect(result.policyDocument.Statement).toHaveLength(1);
  const [statement] = result.policyDocument.Statement;
  expect(statement).toMatchObject({ Action: 'execute-api:Invoke', Resource: arn });
  if (statement?.Effect === 'Allow') {
    return { effect: 'allow', context: result.context ?? {} };
  }
  expect(statement?.Effect).toBe('Deny');
  expect(result.context).toBeUndefined();
  return { effect: 'deny' };
}

async function settle<T>(call: Promise<T>, decode: (result: T) => Outcome): Promise<Outcome> {
  try {
    return decode(await call);
  } catch (error) {
    // API Gateway turns exactly this message into 401; anything else would be a 500.
    expect((error as Error).message).toBe('Unauthorized');
    return { effect: 'unauthorized' };
  }
}

export interface AdapterUnderTest {
  name: string;
  /** The resource a key's privilege must name for the probe request (a GET) to be let in. */
  resource: string;
  probe(headers: Record<string, string>): Promise<Outcome>;
}

/** The four ways in: REST, HTTP API payload 2.0 (simple responses) and 1.0, WebSocket `$connect`. */
export const ADAPTERS: AdapterUnderTest[] = [
  {
    name: 'REST API',
    resource: '/example/a',
    probe: (headers) => {
      const event = restEvent('GET', '/example/a', headers);
      return settle(restHandler(event), (result) => policyOutcome(result, event.methodArn));
    },
  },
  {
    name: 'HTTP API payload 2.0',
    resource: '/example-http/a',
    probe: (headers) =>
      settle(httpApiHandler(httpApiEvent('GET', '/example-http/a', headers)), (result) => {
        const simple = result as SimpleAuthorizerResult;
        expect(Object.keys(simple).sort()).toEqual(
          simple.isAuthorized ? ['context', 'isAuthorized'] : ['isAuthorized'],
        );
        return simple.isAuthorized
          ? { effect: 'allow', context: simple.context ?? {} }
          : { effect: 'deny' };
      }),
  },
  {
    name: 'HTTP API payload 1.0',
    resource: '/example-http/a',
    probe: (headers) => {
      const event = { ...restEvent('GET', '/example-http/a', headers), version: '1.0' as const };
      return settle(httpApiHandler(event), (result) =>
        policyOutcome(result as APIGatewayAuthorizerResult, event.methodArn),
      );
    },
  },
  {
    name: 'WebSocket $connect',
    resource: '$connect',
    probe: (headers) => {
      const event = websocketEvent(headers);
      return settle(websocketHandler(event), (result) => policyOutcome(result, event.methodArn));
    },
  },
];
