import { getServices } from '../container.js';
import type { AuditTrail } from '../core/audit/audit-trail.js';
import { type AuditedRequest, RequestAudit } from '../core/audit/request-audit.js';

import type { RequestScope } from '../core/request-scope.js';
import { headerValues } from './headers.js';

/** A request as its audit events describe it, before it has an id. */
export type RequestOrigin = Omit<AuditedRequest, 'id'>;

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

/** What the audit log records of a REST request (or a REST authorizer's event), its id aside. */
export function gatewayOrigin(event: GatewayRequest): RequestOrigin {
  const query = queryString(event);
  return {
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
  return scopeOf(event.requestContext?.requestId ?? undefined, awsRequestId, trail, () =>
    gatewayOrigin(event),
  );
}

/** The scope of a request known by its ids and origin: any gateway's authorizer event. */
export function scopeOf(
  apiRequestId: string | undefined,
  awsRequestId: string | undefined,
  trail: AuditTrail | undefined,
  origin: () => RequestOrigin,
): RequestScope {
  const id = apiRequestId ?? awsRequestId;
  return {
    ...(awsRequestId === undefined ? {} : { requestId: awsRequestId }),
    ...(apiRequestId === undefined ? {} : { apiRequestId }),
    ...(trail?.active && id !== undefined
      ? { audit: new RequestAudit(trail, { id, ...origin() }) }
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
