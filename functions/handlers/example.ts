import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyResult,
} from 'aws-lambda';

type HttpApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown>>;

/** What the gateway passed on: a REST API's `authorizer`, or an HTTP API's `authorizer.lambda`. */
function received(event: APIGatewayProxyEvent | HttpApiEvent): {
  authorizer: Record<string, unknown>;
  method: string;
  path: string;
} {
  if ('rawPath' in event) {
    return {
      authorizer: event.requestContext.authorizer?.lambda ?? {},
      method: event.requestContext.http.method,
      path: event.rawPath,
    };
  }
  return {
    authorizer: event.requestContext.authorizer ?? {},
    method: event.httpMethod,
    path: event.path,
  };
}

/**
 * The example protected API (REST and HTTP API): echoes what the authorizer passed on, the method
 * and the path.
 */
export async function handler(
  event: APIGatewayProxyEvent | HttpApiEvent,
): Promise<APIGatewayProxyResult> {
  const { authorizer, method, path } = received(event);
  const { principalId, integrationLatency: _latency, ...context } = authorizer;
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ principalId, authorizer: context, method, path }),
  };
}
