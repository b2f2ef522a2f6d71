import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

export interface RestRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: unknown;
}

/**
 * A REST API (v1) proxy event as API Gateway builds it. Objects are sent as JSON; strings raw; a
 * body goes with `content-type: application/json` unless the request names a content type.
 */
export function restEvent(request: RestRequest): APIGatewayProxyEvent {
  const given = request.headers ?? {};
  const named = Object.keys(given).some((name) => name.toLowerCase() === 'content-type');
  const headers =
    request.body === undefined || named ? given : { ...given, 'content-type': 'application/json' };
  const query = request.query ?? {};
  const body =
    request.body === undefined
      ? null
      : typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body);
  return {
    httpMethod: request.method,
    path: request.path,
    resource: request.path,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters:
      Object.keys(query).length > 0
        ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
        : null,
    pathParameters: request.pathParameters ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'testapi',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      path: request.path,
      stage: 'test',
      requestId: 'test-request',
      requestTimeEpoch: Date.now(),
      resourceId: 'resource',
      resourcePath: request.path,
    },
  };
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test-function',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test-function',
  memoryLimitInMB: '1024',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/test-function',
  logStreamName: 'test-stream',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

export function basicAuth(username: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

export function apiKeyAuth(encoded: string): Record<string, string> {
  return { Authorization: `ApiKey ${encoded}` };
}

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

export interface Response {
  status: number;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  body: any;
}

/** A Lambda context whose remaining time is what `remaining` says at each call. */
export function contextWithRemaining(remaining: () => number): Context {
  return { ...lambdaContext, getRemainingTimeInMillis: remaining };
}

/** Invokes a real handler export with a built event and decodes its proxy result. */
export async function invoke(
  handler: LambdaHandler,
  request: RestRequest,
  context: Context = lambdaContext,
): Promise<Response> {
  const result = (await handler(restEvent(request), context)) as APIGatewayProxyResult;
  return {
    status: result.statusCode,
    headers: (result.headers ?? {}) as Record<string, string>,
    multiValueHeaders: (result.multiValueHeaders ?? {}) as Record<string, string[]>,
    raw: result.body,
    body: result.body === '' ? undefined : JSON.parse(result.body),
  };
}
