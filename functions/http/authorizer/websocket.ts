import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { headerValues } from '../headers.js';
import { gatewayOrigin } from '../request-context.js';
import { type AuthorizationRequest, authorizeRequest } from './authorize-request.js';
import { policyResult } from './policy-result.js';

/** The query parameter that may carry the Authorization value: browsers cannot set headers on a WebSocket. */
export const AUTHORIZATION_QUERY_PARAMETER = 'authorization';

/**
 * A WebSocket API `$connect` event: the route key is the resource and opening a connection needs
 * `read` (the upgrade is a GET). The credentials come from the Authorization header or the
 * `authorization` query parameter; two different values are refused.
 */
export function websocketRequest(event: APIGatewayRequestAuthorizerEvent): AuthorizationRequest {
  return {
    gateway: 'websocket',
    authorizations: [
      ...headerValues(event.headers, event.multiValueHeaders, 'authorization'),
      ...headerValues(
        event.queryStringParameters,
        event.multiValueQueryStringParameters,
        AUTHORIZATION_QUERY_PARAMETER,
      ),
    ],
    stageApplication: event.stageVariables?.['esApplication'],
    method: 'GET',
    resource: event.requestContext?.routeKey ?? '$connect',
    apiRequestId: event.requestContext?.requestId,
    // No query: it may carry the credentials, which never reach a log line or an audit event.
    origin: () => ({
      ...gatewayOrigin(event),
      method: 'GET',
      path: event.path ?? '/',
      query: undefined,
    }),
  };
}

export async function authorizeWebsocketConnect(
  event: APIGatewayRequestAuthorizerEvent,
  awsRequestId: string | undefined,
): Promise<APIGatewayAuthorizerResult> {
  return policyResult(
    await authorizeRequest(websocketRequest(event), awsRequestId),
    event.methodArn,
  );
}
