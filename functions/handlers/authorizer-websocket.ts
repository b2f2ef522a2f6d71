import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { authorizeWebsocketConnect } from '../http/authorizer/websocket.js';

/**
 * WebSocket API `$connect` authorizer: an IAM policy for the connect route, 401 for missing or bad
 * credentials, a Deny without the application privilege or on any failure.
 */
export function handler(
  event: APIGatewayRequestAuthorizerEvent,
  context?: Context,
): Promise<APIGatewayAuthorizerResult> {
  return authorizeWebsocketConnect(event, context?.awsRequestId);
}
