import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { AuthorizerDecision } from './authorize-request.js';

/** The one error message API Gateway turns into a 401 (any other thrown error is a 500). */
export const UNAUTHORIZED = 'Unauthorized';

/**
 * An IAM policy result (REST, HTTP API payload 1.0, WebSocket `$connect`), scoped to the one
 * method or route ARN asked about: a cached result can never grant another route.
 */
export function policyResult(
  decision: AuthorizerDecision,
  arn: string,
): APIGatewayAuthorizerResult {
  if (decision.effect === 'unauthorized') {
    throw new Error(UNAUTHORIZED);
  }
  return {
    principalId: decision.principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: decision.effect === 'allow' ? 'Allow' : 'Deny',
          Resource: arn,
        },
      ],
    },
    ...(decision.effect === 'allow' ? { context: decision.context } : {}),
    ...(decision.effect === 'allow' && decision.usageIdentifierKey !== undefined
      ? { usageIdentifierKey: decision.usageIdentifierKey }
      : {}),
  };
}
