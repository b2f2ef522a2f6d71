import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { getServices } from '../../container.js';
import { headerValues } from '../headers.js';
import { type AuthorizationRequest, authorizeRequest, type Gateway } from './authorize-request.js';
import { policyResult } from './policy-result.js';

/** The protected API's application: its `esApplication` stage variable, else AUTHORIZER_APPLICATION. */
export function applicationOf(
  stageVariables: Record<string, string | undefined> | null | undefined,
): string {
  return stageVariables?.['esApplication'] ?? getServices().config.authorizerApplication;
}

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
    application: applicationOf(event.stageVariables),
    method: event.httpMethod,
    resource: event.path,
  };
}

export async function authorizeRestRequest(
  event: APIGatewayRequestAuthorizerEvent,
  gateway: Gateway = 'rest',
): Promise<APIGatewayAuthorizerResult> {
  return policyResult(await authorizeRequest(restRequest(event, gateway)), event.methodArn);
}
