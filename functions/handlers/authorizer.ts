import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { authorizeRestRequest } from '../http/authorizer/rest.js';

/**
 * REST API `REQUEST` authorizer. 401 (`Unauthorized`) for missing or bad credentials, an explicit
 * Deny (403) without the route's application privilege, and a Deny on any other failure: it
 * fails closed. The application name comes from the `esApplication` stage variable or
 * AUTHORIZER_APPLICATION; the decision is functions/http/authorizer/authorize-request.ts's.
 */
export function handler(
  event: APIGatewayRequestAuthorizerEvent,
  context?: Context,
): Promise<APIGatewayAuthorizerResult> {
  return authorizeRestRequest(event, context?.awsRequestId);
}
