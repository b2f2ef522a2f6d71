import { MAIN_ACTION } from '../cluster.js';
import { currentRequest } from '../request-scope.js';
import { API_KEY_REALM, type Authentication } from '../security/authentication.js';
import { Action } from '../security/privilege-names.js';
import type { AuditFields, AuditTrail } from './audit-trail.js';
import type { ConfigChange } from './config-changes.js';

/** The REST request an invocation serves, as its audit events describe it. */
export interface AuditedRequest {
  /** ES's `request.id`: correlates every event of one client request. */
  id: string;
  method: string;
  path: string;
  /** The query string, without `?`. */
  query: string | undefined;
  /** The client's address as the gateway saw it. */
  address: string | undefined;
  /** The `X-Opaque-Id` and `X-Forwarded-For` headers, verbatim. */
  opaqueId: string | undefined;
  forwardedFor: string | undefined;
}

/** Actions that need no privilege: any authenticated caller may ask about itself. */
export const SELF_ACTION = {
  authenticate: 'cluster:admin/xpack/security/user/authenticate',
  hasPrivileges: 'cluster:admin/xpack/security/user/has_privileges',
} as const;

/** The gateway authorizer's decision, audited as the permission it allows or denies. */
const INVOKE_ACTION = 'execute-api:Invoke';

/** ES's `request.name`: the transport request class of each action. */
const REQUEST_NAMES: Record<string, string> = {
  [Action.createApiKey]: 'CreateApiKeyRequest',
  [Action.getApiKey]: 'GetApiKeyRequest',
  [Action.queryApiKey]: 'QueryApiKeyRequest',
  [Action.invalidateApiKey]: 'InvalidateApiKeyRequest',
  [Action.updateApiKey]: 'UpdateApiKeyRequest',
  [Action.bulkUpdateApiKey]: 'BulkUpdateApiKeyRequest',
  [Action.grantApiKey]: 'GrantApiKeyRequest',
  [Action.clearSecurityCache]: 'ClearSecurityCacheRequest',
  [Action.putUser]: 'PutUserRequest',
  [Action.getUsers]: 'GetUsersRequest',
  [Action.deleteUser]: 'DeleteUserRequest',
  [Action.putRole]: 'PutRoleRequest',
  [Action.getRoles]: 'GetRolesRequest',
  [Action.deleteRole]: 'DeleteRoleRequest',
  [MAIN_ACTION]: 'MainRequest',
  [SELF_ACTION.authenticate]: 'AuthenticateRequest',
  [SELF_ACTION.hasPrivileges]: 'HasPrivilegesRequest',
  [INVOKE_ACTION]: 'RequestAuthorizerEvent',
};

/** ES's `withAuthentication`: who the caller is. Never a credential. */
function subject(authentication: Authentication): AuditFields {
  return authentication.type === 'api_key'
    ? {
        'authentication.type': 'API_KEY',
        'user.name': authentication.user.username,
        'user.realm': authentication.ownerRealm.name,
        'apikey.id': authentication.apiKey.id,
        'apikey.name': authentication.apiKey.name,
      }
    : {
        'authentication.type': 'REALM',
        'user.name': authentication.user.username,
        'user.realm': authentication.realm.name,
      };
}

/**
 * The audit events of one request, written as ES writes them: `rest` events for authentication,
 * `transport` events for each authorized action, and a `security_config_change` event after an
 * allowed action that changes keys, users or roles (ES logs the change when it authorizes it).
 */
export class RequestAudit {
  private readonly changes = new Map<string, () => ConfigChange>();

  constructor(
    private readonly trail: AuditTrail,
    private readonly request: AuditedRequest,
  ) {}

  private origin(): AuditFields {
    return { 'origin.type': 'rest', 'origin.address': this.request.address };
  }

  private url(): AuditFields {
    return {
      'url.path': this.request.path,
      'url.query': this.request.query,
      'request.method': this.request.method,
    };
  }

  private headers(): AuditFields {
    return { opaque_id: this.request.opaqueId, x_forwarded_for: this.request.forwardedFor };
  }

  private rest(action: string, fields: AuditFields = {}): void {
    this.trail.write({
      'event.type': 'rest',
      'event.action': action,
      ...fields,
      ...this.origin(),
      ...this.url(),
      'request.id': this.request.id,
      ...this.headers(),
    });
  }

  /** No credentials at all. */
  anonymousAccessDenied(): void {
    if (this.trail.includes('anonymous_access_denied')) {
      this.rest('anonymous_access_denied');
    }
  }

  /** Credentials that match no user or key; `principal` is the username or key id, when readable. */
  authenticationFailed(principal: string | undefined): void {
    if (this.trail.includes('authentication_failed')) {
      this.rest('authentication_failed', { 'user.name': principal });
    }
  }

  authenticationSucceeded(authentication: Authentication): void {
    if (this.trail.includes('authentication_success')) {
      this.rest('authentication_success', {
        ...subject(authentication),
        realm: authentication.type === 'api_key' ? API_KEY_REALM.name : authentication.realm.name,
      });
    }
  }

  /** An authorization decision on `action`, then the config change it lets through. */
  access(authentication: Authentication, action: string, granted: boolean, url = false): void {
    const event = granted ? 'access_granted' : 'access_denied';
    if (this.trail.includes(event)) {
      this.trail.write({
        'event.type': 'transport',
        'event.action': event,
        ...subject(authentication),
        'user.roles': authentication.user.roles,
        ...this.origin(),
        ...(url ? this.url() : {}),
        'request.id': this.request.id,
        action,
        'request.name': REQUEST_NAMES[action],
        ...this.headers(),
      });
    }
    const change = granted ? this.changes.get(action) : undefined;
    if (change !== undefined && this.trail.includes('security_config_change')) {
      const { action: changeAction, ...body } = change();
      this.trail.write({
        'event.type': 'security_config_change',
        'event.action': changeAction,
        'request.id': this.request.id,
        ...body,
      });
    }
  }

  /** The gateway authorizer's decision on the route (method and path) it was asked about. */
  routeAccess(authentication: Authentication, granted: boolean): void {
    this.access(authentication, INVOKE_ACTION, granted, true);
  }

  /** Registers the change `action` makes, written once the action is authorized. */
  expectChange(action: string, change: () => ConfigChange): void {
    this.changes.set(action, change);
  }
}

/** The current request's audit, if the audit log is on. */
export function currentAudit(): RequestAudit | undefined {
  return currentRequest()?.audit;
}

/** Records an authorization decision of the current request (called where privileges are checked). */
export function recordAccess(
  authentication: Authentication,
  action: string,
  granted: boolean,
): void {
  currentRequest()?.audit?.access(authentication, action, granted);
}

/**
 * Declares the security config change the current request makes once `action` is allowed; the
 * description is built only if the event is written.
 */
export function auditChange(action: string, change: () => ConfigChange): void {
  currentRequest()?.audit?.expectChange(action, change);
}
