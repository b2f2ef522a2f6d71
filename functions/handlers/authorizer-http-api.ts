import type { APIGatewayAuthorizerResult, Context } from 'aws-lambda';
import {
  authorizeHttpApiRequest,
  type HttpApiAuthorizerEvent,
  type SimpleAuthorizerResult,
} from '../http/authorizer/http-api.js';

/**
 * HTTP API Lambda authorizer: payload 2.0 with simple responses (`isAuthorized`), or payload 1.0
 * with an IAM policy. Same privileges, 401/403 and fail-closed Deny as the REST authorizer.
 */
export function handler(
  event: HttpApiAuthorizerEvent,
  context?: Context,
): Promise<SimpleAuthorizerResult | APIGatewayAuthorizerResult> {
  return authorizeHttpApiRequest(event, context?.awsRequestId);
}
