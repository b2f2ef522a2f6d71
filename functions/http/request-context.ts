import { getServices } from '../container.js';
import type { AuditTrail } from '../core/audit/audit-trail.js';
import { type AuditedRequest, RequestAudit } from '../core/audit/request-audit.js';
import type { RequestScope } from '../core/request-scope.js';
import { headerValues } from './headers.js';

/** What the REST handlers and the gateway authorizer both receive from API Gateway. */
export interface GatewayRequest {
  httpMethod: string;
  path: string;
  headers: Record<string, string | undefined> | null;
  multiValueHeaders: Record<string, string[] | undefined> | null;
  multiValueQueryStringParameters: Record<string, string[] | undefined> | null;
  requestContext?: { requestId?: string; identity?: { sourceIp?: string | null } } | null;
}

/** The query string as the gateway passed it on, with its `?`; empty when there is none. */
export function queryString(event: GatewayRequest): string {
  const params = event.multiValueQueryStringParameters ?? {};
  const pairs = Object.entries(params).flatMap(([name, values]) =>
    (values ?? []).map((value) => (value === '' ? name : `${name}=${value}`)),
  );
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function header(event: GatewayRequest, name: string): string | undefined {
  const values = headerValues(event.headers, event.multiValueHeaders, name);
  return values.length > 0 ? values.join(',') : undefined;
}

function auditedRequest(event: GatewayRequest, id: string): AuditedRequest {
  const query = queryString(event);
  return {
    id,
    method: event.httpMethod,
    path: event.path,
    query: query === '' ? undefined : query.slice(1),
    address: event.requestContext?.identity?.sourceIp ?? undefined,
    opaqueId: header(event, 'x-opaque-id'),
    forwardedFor: header(event, 'x-forwarded-for'),
  };
}

/**
 * One invocation's scope: its ids for every log line and, when the audit log is on, its audit
 * events. ES's `request.id` is API Gateway's request id, which the authorizer's events share.
 */
export function requestScope(
  event: GatewayRequest,
  awsRequestId: string | undefined,
  trail: AuditTrail | undefined,
): RequestScope {
  const apiRequestId = event.requestContext?.requestId ?? undefined;
  const id = apiRequestId ?? awsRequestId;
  return {
    ...(awsRequestId === undefined ? {} : { requestId: awsRequestId }),
    ...(apiRequestId === undefined ? {} : { apiRequestId }),
    ...(trail?.active && id !== undefined
      ? { audit: new RequestAudit(trail, auditedRequest(event, id)) }
      : {}),
  };
}

/**
 * The instance's audit trail; none when the services cannot be built, in which case the request
 * fails (closed) where it builds them.
 */
export function instanceAuditTrail(): AuditTrail | undefined {
  try {
    return getServices().audit;
  } catch {
    return undefined;
  }
}
