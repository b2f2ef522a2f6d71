import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import { headerValues } from '../headers.js';
import {
  type AuthorizationRequest,
  type AuthorizerContext,
  authorizeRequest,
} from './authorize-request.js';
import { UNAUTHORIZED } from './policy-result.js';
import { authorizeRestRequest } from './rest.js';

/** An HTTP API simple response (payload 2.0 with `enableSimpleResponses`). */
export interface SimpleAuthorizerResult {
  isAuthorized: boolean;
  context?: AuthorizerContext;
}

export type HttpApiAuthorizerEvent =
  | APIGatewayRequestAuthorizerEventV2
  | (APIGatewayRequestAuthorizerEvent & { version?: '1.0' });

/**
 * A payload 2.0 event: the raw path is the resource, or with AUTHORIZER_RESOURCE=route the route
 * key (`GET /orders/{id}`, `ANY /orders/{proxy+}`, `$default`); the privilege follows the request's
 * own method either way.
 */
export function httpApiRequest(event: APIGatewayRequestAuthorizerEventV2): AuthorizationRequest {
  return {
    gateway: 'http-api',
    // Payload 2.0 joins a repeated header's values with commas: they then parse as no credentials.
    authorizations: headerValues(event.headers, undefined, 'authorization'),
    stageApplication: event.stageVariables?.['esApplication'],
    method: event.requestContext.http.method,
    resource: event.rawPath,
    routeKey: event.routeKey,
    apiRequestId: event.requestContext.requestId,
    origin: () => ({
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: event.rawQueryString === '' ? undefined : event.rawQueryString,
      address: event.requestContext.http.sourceIp,
      opaqueId: headerValues(event.headers, undefined, 'x-opaque-id').join(',') || undefined,
      forwardedFor:
        headerValues(event.headers, undefined, 'x-forwarded-for').join(',') || undefined,
    }),
  };
}

/**
 * Payload 2.0 gets a simple response, which API Gateway applies to every route while it is cached
 * under the same identity source: its routes must set `authorizerResultTtlInSeconds: 0`.
 * Payload 1.0 (the REST shape) gets an IAM policy for its one method ARN, which stays safe cached.
 */
export async function authorizeHttpApiRequest(
  event: HttpApiAuthorizerEvent,
  awsRequestId: string | undefined,
): Promise<SimpleAuthorizerResult | APIGatewayAuthorizerResult> {
  if (event.version !== '2.0') {
    return authorizeRestRequest(
      event as APIGatewayRequestAuthorizerEvent,
      awsRequestId,
      'http-api',
    );
  }
  const decision = await authorizeRequest(
    httpApiRequest(event as APIGatewayRequestAuthorizerEventV2),
    awsRequestId,
  );
  if (decision.effect === 'unauthorized') {
    throw new Error(UNAUTHORIZED);
  }
  return decision.effect === 'allow'
    ? { isAuthorized: true, context: decision.context }
    : { isAuthorized: false };
}
