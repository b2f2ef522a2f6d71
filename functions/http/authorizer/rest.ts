import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { headerValues } from '../headers.js';
import { gatewayOrigin } from '../request-context.js';
import { type AuthorizationRequest, authorizeRequest, type Gateway } from './authorize-request.js';
import { policyResult } from './policy-result.js';

/**
 * A REST API `REQUEST` event, or an HTTP API payload 1.0 one (the same shape): the request path
 * is the resource, and the answer an IAM policy for the event's method ARN.
 */
export function restRequest(
  event: APIGatewayRequestAuthorizerEvent,
  gateway: Gateway = 'rest',
): AuthorizationRequest {
  return {
    gateway,
    authorizations: headerValues(event.headers, event.multiValueHeaders, 'authorization'),
    stageApplication: event.stageVariables?.['esApplication'],
    method: event.httpMethod,
    resource: event.path,
    apiRequestId: event.requestContext?.requestId,
    origin: () => gatewayOrigin(event),
  };
}

export async function authorizeRestRequest(
  event: APIGatewayRequestAuthorizerEvent,
  awsRequestId: string | undefined,
  gateway: Gateway = 'rest',
): Promise<APIGatewayAuthorizerResult> {
  return policyResult(
    await authorizeRequest(restRequest(event, gateway), awsRequestId),
    event.methodArn,
  );
}
