import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** The example protected API: echoes what the authorizer passed on, the method and the path. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const {
    principalId,
    integrationLatency: _latency,
    ...context
  } = event.requestContext.authorizer ?? {};
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      principalId,
      authorizer: context,
      method: event.httpMethod,
      path: event.path,
    }),
  };
}
