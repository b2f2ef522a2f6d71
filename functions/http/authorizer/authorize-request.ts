import { getServices } from '../../container.js';
import { currentAudit } from '../../core/audit/request-audit.js';
import { EsError } from '../../core/errors.js';
import { compactJson } from '../../core/json-text.js';
import { withinRequest } from '../../core/request-scope.js';
import type { Authentication } from '../../core/security/authentication.js';
import { mayAccessRoute } from '../../core/security/route-access.js';
import { parseAuthorization } from '../credentials.js';
import { singleHeaderValue } from '../headers.js';
import { logger } from '../log.js';
import { recordAuthorizerOutcome } from '../metrics.js';
import { instanceAuditTrail, type RequestOrigin, scopeOf } from '../request-context.js';

/**
 * The largest metadata JSON passed in the context, in UTF-8 bytes. API Gateway documents no
 * limit for a REST authorizer's response but rejects large ones (8 KB is the documented
 * WebSocket limit); a larger metadata travels as `metadataTruncated: true` and no `metadata`.
 */
export const MAX_CONTEXT_METADATA_BYTES = 8192;

/** Which gateway asked: only for the log lines. */
export type Gateway = 'rest' | 'http-api' | 'websocket';

/** What every adapter extracts from its event. */
export interface AuthorizationRequest {
  gateway: Gateway;
  /** Every Authorization value the request carried; several distinct ones are refused. */
  authorizations: readonly string[];
  /** The stage's `esApplication` variable; without one, AUTHORIZER_APPLICATION. */
  stageApplication: string | undefined;
  /** The request's HTTP method: `read` covers GET/HEAD/OPTIONS, `write` the others. */
  method: string;
  /** What the privilege's `resources` are matched against: the request path, or a route key. */
  resource: string;
  /** The route key, where the gateway sends one: the resource instead with AUTHORIZER_RESOURCE=route. */
  routeKey?: string;
  /** API Gateway's id of the client request: on every log line and audit event. */
  apiRequestId: string | undefined;
  /** The request as the audit log describes it. */
  origin: () => RequestOrigin;
}

/** Flat values only: API Gateway answers a nested context value with a 500. */
export interface AuthorizerContext {
  [field: string]: string | boolean;
  apiKeyId: string;
  apiKeyName: string;
  username: string;
  realm: string;
  metadataTruncated: boolean;
}

/**
 * `unauthorized`: no, malformed, unknown, expired or invalidated credentials (a 401).
 * `deny`: authenticated without the privilege, or any failure, since the authorizer fails closed (a 403).
 */
export type AuthorizerDecision =
  | { effect: 'unauthorized' }
  | { effect: 'deny'; principalId: string }
  | {
      effect: 'allow';
      principalId: string;
      context: AuthorizerContext;
      /** A planned key's gateway API key, which API Gateway meters (REST, apiKeySource AUTHORIZER). */
      usageIdentifierKey?: string;
    };

function metadataContext(metadata: unknown): { metadata?: string; metadataTruncated: boolean } {
  const json = compactJson(metadata ?? {});
  return Buffer.byteLength(json, 'utf8') > MAX_CONTEXT_METADATA_BYTES
    ? { metadataTruncated: true }
    : { metadata: json, metadataTruncated: false };
}

function contextOf(authentication: Authentication): AuthorizerContext {
  const apiKey = authentication.type === 'api_key' ? authentication.apiKey : undefined;
  return {
    apiKeyId: apiKey?.id ?? '',
    apiKeyName: apiKey?.name ?? '',
    username: authentication.user.username,
    realm:
      authentication.type === 'api_key'
        ? authentication.ownerRealm.name
        : authentication.realm.name,
    ...metadataContext(apiKey?.metadata ?? {}),
  };
}

/**
 * The one authorizer decision behind every gateway adapter: authenticates the request's one
 * Authorization value and checks the application privilege for its method and resource. It
 * never throws: any failure is a `deny`.
 */
export function authorizeRequest(
  request: AuthorizationRequest,
  awsRequestId: string | undefined,
): Promise<AuthorizerDecision> {
  // The scope gives every log line both request ids, and the decision its audit events.
  const scope = scopeOf(request.apiRequestId, awsRequestId, instanceAuditTrail(), request.origin);
  return withinRequest(scope, () => decide(request));
}

async function decide(request: AuthorizationRequest): Promise<AuthorizerDecision> {
  const { gateway, method } = request;
  let keyId: string | undefined;
  try {
    const { authenticator, config, usagePlans } = getServices();
    const application = request.stageApplication ?? config.authorizerApplication;
    const resource =
      config.authorizerResource === 'route' && request.routeKey !== undefined
        ? request.routeKey
        : request.resource;
    const authorization = singleHeaderValue(request.authorizations);
    if (authorization.kind === 'several') {
      // Taking any one of several credentials would let a proxy's choice decide who is let in.
      logger.log('info', 'authorizer denied', { gateway, reason: 'several authorization values' });
      currentAudit()?.authenticationFailed(undefined);
      recordAuthorizerOutcome('deny');
      return { effect: 'unauthorized' };
    }
    const parsed = parseAuthorization(
      authorization.kind === 'one' ? authorization.value : undefined,
    );
    if (parsed.kind !== 'credentials') {
      logger.log('info', 'authorizer denied', {
        gateway,
        reason: 'missing or malformed credentials',
      });
      if (parsed.kind === 'none') {
        currentAudit()?.anonymousAccessDenied();
      } else {
        currentAudit()?.authenticationFailed(undefined);
      }
      recordAuthorizerOutcome('deny');
      return { effect: 'unauthorized' };
    }
    keyId = parsed.credentials.scheme === 'apikey' ? parsed.credentials.id : undefined;
    const authentication = await authenticator.authenticate(parsed.credentials, resource);
    const principalId =
      authentication.type === 'api_key' ? authentication.apiKey.id : authentication.user.username;
    const allowed = mayAccessRoute(authentication, application, method, resource);
    currentAudit()?.routeAccess(authentication, allowed);
    if (!allowed) {
      logger.log('info', 'authorizer denied', {
        gateway,
        reason: 'no application privilege',
        keyId,
        application,
        method,
        resource,
      });
      recordAuthorizerOutcome('deny');
      return { effect: 'deny', principalId };
    }
    recordAuthorizerOutcome('allow');
    const usageIdentifierKey = usagePlans.identifierFor(authentication);
    return {
      effect: 'allow',
      principalId,
      context: contextOf(authentication),
      ...(usageIdentifierKey === undefined ? {} : { usageIdentifierKey }),
    };
  } catch (error) {
    if (error instanceof EsError && error.status === 401) {
      logger.log('info', 'authorizer denied', { gateway, reason: 'authentication failed', keyId });
      recordAuthorizerOutcome('deny');
      return { effect: 'unauthorized' };
    }
    logger.log('error', 'authorizer failed closed', {
      gateway,
      keyId,
      errorClass: error instanceof Error ? error.name : typeof error,
    });
    recordAuthorizerOutcome('error');
    return { effect: 'deny', principalId: 'unknown' };
  }
}
