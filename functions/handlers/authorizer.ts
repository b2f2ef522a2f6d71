import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { getServices } from '../container.js';
import { EsError } from '../core/errors.js';
import { compactJson } from '../core/json-text.js';
import { mayAccessRoute } from '../core/security/route-access.js';
import { parseAuthorization } from '../http/credentials.js';
import { headerValues, singleHeaderValue } from '../http/headers.js';
import { logEvent } from '../http/log.js';
import { recordAuthorizerOutcome } from '../http/metrics.js';

/**
 * The largest metadata JSON passed in the context, in UTF-8 bytes. API Gateway documents no
 * limit for a REST authorizer's response but rejects large ones (8 KB is the documented
 * WebSocket limit); a larger metadata travels as `metadataTruncated: true` and no `metadata`.
 */
const MAX_CONTEXT_METADATA_BYTES = 8192;

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  methodArn: string,
  context?: APIGatewayAuthorizerResult['context'],
): APIGatewayAuthorizerResult {
  return {
    principalId,
    // Scoped to this one method ARN: a cached result can never grant another route.
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }],
    },
    ...(context ? { context } : {}),
  };
}

function metadataContext(metadata: unknown): { metadata?: string; metadataTruncated: boolean } {
  const json = compactJson(metadata ?? {});
  return Buffer.byteLength(json, 'utf8') > MAX_CONTEXT_METADATA_BYTES
    ? { metadataTruncated: true }
    : { metadata: json, metadataTruncated: false };
}

/**
 * REST API `REQUEST` authorizer. 401 (`Unauthorized`) for missing or bad credentials, an explicit
 * Deny (403) without the route's application privilege, and a Deny on any other failure: it
 * fails closed. The application name comes from the `esApplication` stage variable or
 * AUTHORIZER_APPLICATION.
 */
export async function handler(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const method = event.httpMethod;
  const path = event.path;
  let keyId: string | undefined;
  try {
    const authorization = singleHeaderValue(
      headerValues(event.headers, event.multiValueHeaders, 'authorization'),
    );
    if (authorization.kind === 'several') {
      // Taking any one of several credentials would let a proxy's choice decide who is let in.
      logEvent('info', 'authorizer denied', { reason: 'several authorization headers' });
      throw new Error('Unauthorized');
    }
    const parsed = parseAuthorization(
      authorization.kind === 'one' ? authorization.value : undefined,
    );
    if (parsed.kind !== 'credentials') {
      logEvent('info', 'authorizer denied', { reason: 'missing or malformed credentials' });
      throw new Error('Unauthorized');
    }
    keyId = parsed.credentials.scheme === 'apikey' ? parsed.credentials.id : undefined;
    const { authenticator, config } = getServices();
    const application = event.stageVariables?.['esApplication'] ?? config.authorizerApplication;
    const authentication = await authenticator.authenticate(parsed.credentials, path);
    const principal =
      authentication.type === 'api_key' ? authentication.apiKey.id : authentication.user.username;
    if (!mayAccessRoute(authentication, application, method, path)) {
      logEvent('info', 'authorizer denied', {
        reason: 'no application privilege',
        keyId,
        application,
        method,
        path,
      });
      recordAuthorizerOutcome('deny');
      return policy(principal, 'Deny', event.methodArn);
    }
    recordAuthorizerOutcome('allow');
    return policy(principal, 'Allow', event.methodArn, {
      apiKeyId: authentication.type === 'api_key' ? authentication.apiKey.id : '',
      apiKeyName: authentication.type === 'api_key' ? authentication.apiKey.name : '',
      username: authentication.user.username,
      realm:
        authentication.type === 'api_key'
          ? authentication.ownerRealm.name
          : authentication.realm.name,
      ...metadataContext(authentication.type === 'api_key' ? authentication.apiKey.metadata : {}),
    });
  } catch (error) {
    if (error instanceof Error && error.message === 'Unauthorized') {
      recordAuthorizerOutcome('deny');
      throw error;
    }
    if (error instanceof EsError && error.status === 401) {
      logEvent('info', 'authorizer denied', { reason: 'authentication failed', keyId });
      recordAuthorizerOutcome('deny');
      throw new Error('Unauthorized');
    }
    logEvent('error', 'authorizer failed closed', {
      keyId,
      errorClass: error instanceof Error ? error.name : typeof error,
    });
    recordAuthorizerOutcome('error');
    return policy('unknown', 'Deny', event.methodArn);
  }
}
