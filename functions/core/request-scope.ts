import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestAudit } from './audit/request-audit.js';

/** What every log line and audit event of one invocation shares. */
export interface RequestScope {
  /** The Lambda invocation's id (`context.awsRequestId`), as Lambda's own log lines carry it. */
  requestId?: string;
  /** API Gateway's id of the client request (`requestContext.requestId`). */
  apiRequestId?: string;
  /** The request's audit events; absent when the audit log is off. */
  audit?: RequestAudit;
}

// Per async context, not per module: serverless offline runs concurrent invocations in one process.
const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs `work` with `scope` as the current request's, for everything it awaits. */
export function withinRequest<T>(scope: RequestScope, work: () => T): T {
  return scopes.run(scope, work);
}

export function currentRequest(): RequestScope | undefined {
  return scopes.getStore();
}
