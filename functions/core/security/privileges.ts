import { recordAccess } from '../audit/request-audit.js';
import { type EsError, forbidden } from '../errors.js';
import type { Authentication } from './authentication.js';
import {
  Action,
  CLUSTER_PRIVILEGES,
  grantsClusterAction,
  impliesClusterPrivilege,
} from './privilege-names.js';
import type { RoleDescriptor } from './role-descriptor.js';
import { wildcardMatch } from './wildcard.js';

/** How much of an API-key action a caller may do: on every key, only on its own, or not at all. */
export type Scope = 'all' | 'own' | 'none';

const OWN_API_KEY_ACTIONS = new Set<string>([
  Action.createApiKey,
  Action.getApiKey,
  Action.queryApiKey,
  Action.invalidateApiKey,
  Action.updateApiKey,
  Action.bulkUpdateApiKey,
]);

function heldClusterPrivileges(descriptors: readonly RoleDescriptor[]): string[] {
  return descriptors.flatMap((descriptor) => descriptor.cluster);
}

function descriptorsScope(descriptors: readonly RoleDescriptor[], action: string): Scope {
  const held = heldClusterPrivileges(descriptors);
  if (grantsClusterAction(held, action)) {
    return 'all';
  }
  return held.includes('manage_own_api_key') && OWN_API_KEY_ACTIONS.has(action) ? 'own' : 'none';
}

const RANK: Record<Scope, number> = { none: 0, own: 1, all: 2 };

function narrower(a: Scope, b: Scope): Scope {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * The one `limited_by` rule (ES's LimitedRole): a realm user is judged on its roles; an API key
 * on both its own descriptors and its `limited_by` snapshot, keeping the narrower answer. Empty
 * own descriptors mean the key inherits the snapshot whole.
 */
export function effectivePrivilege<T>(
  authentication: Authentication,
  evaluate: (descriptors: readonly RoleDescriptor[]) => T,
  narrowest: (a: T, b: T) => T,
): T {
  if (authentication.type === 'realm') {
    return evaluate(Object.values(authentication.roleDescriptors));
  }
  const limited = evaluate(Object.values(authentication.limitedBy));
  const own = Object.values(authentication.roleDescriptors);
  return own.length === 0 ? limited : narrowest(evaluate(own), limited);
}

/** `effectivePrivilege` for a yes/no check: held only when both sides hold it. */
export function effectivelyHolds(
  authentication: Authentication,
  check: (descriptors: readonly RoleDescriptor[]) => boolean,
): boolean {
  return effectivePrivilege(authentication, check, (a, b) => a && b);
}

/** The caller's scope for a cluster action, after the `limited_by` rule. */
export function clusterScope(authentication: Authentication, action: string): Scope {
  return effectivePrivilege(
    authentication,
    (descriptors) => descriptorsScope(descriptors, action),
    narrower,
  );
}

/** Whether a role (its descriptors together) holds a named cluster privilege, by ES's implication. */
export function roleHasClusterPrivilege(
  descriptors: readonly RoleDescriptor[],
  privilege: string,
): boolean {
  return impliesClusterPrivilege(heldClusterPrivileges(descriptors), privilege);
}

function descriptorsGrantApplication(
  descriptors: readonly RoleDescriptor[],
  application: string,
  privilege: string,
  resource: string,
): boolean {
  return descriptors.some((descriptor) =>
    descriptor.applications.some(
      (entry) =>
        wildcardMatch(entry.application, application) &&
        entry.privileges.some((held) => held === 'all' || wildcardMatch(held, privilege)) &&
        entry.resources.some((pattern) => wildcardMatch(pattern, resource)),
    ),
  );
}

/** Whether the caller's effective role grants an application privilege on a resource. */
export function hasApplicationPrivilege(
  authentication: Authentication,
  application: string,
  privilege: string,
  resource: string,
): boolean {
  return effectivelyHolds(authentication, (descriptors) =>
    descriptorsGrantApplication(descriptors, application, privilege, resource),
  );
}

/**
 * ES's 403 for a cluster action: names the caller and the privileges that would grant the action.
 * `ownApplies` says whether `manage_own_api_key` would have granted this particular request.
 */
export function actionUnauthorized(
  authentication: Authentication,
  action: string,
  ownApplies: boolean,
): EsError {
  const grantedBy = [...CLUSTER_PRIVILEGES.keys()].filter(
    (name) =>
      grantsClusterAction([name], action) ||
      (name === 'manage_own_api_key' && ownApplies && OWN_API_KEY_ACTIONS.has(action)),
  );
  const who =
    authentication.type === 'api_key'
      ? `API key id [${authentication.apiKey.id}] of user [${authentication.user.username}]`
      : `user [${authentication.user.username}] with effective roles [${[...authentication.user.roles].sort().join(',')}]`;
  return forbidden(
    `action [${action}] is unauthorized for ${who}, this action is granted by the cluster privileges [${grantedBy.join(',')}]`,
  );
}

/**
 * Throws ES's 403 unless the caller holds the action; returns the scope it holds it with.
 * `ownApplies` says whether `manage_own_api_key` could grant this particular request.
 */
export function requireAction(
  authentication: Authentication,
  action: string,
  ownApplies = false,
): Exclude<Scope, 'none'> {
  const scope = clusterScope(authentication, action);
  const granted = scope === 'all' || (scope === 'own' && ownApplies);
  recordAccess(authentication, action, granted);
  if (granted) {
    return scope;
  }
  throw actionUnauthorized(authentication, action, ownApplies);
}

/**
 * ES: an API key caller needs `manage_api_key` or higher to see `limited_by`, even on itself;
 * a user needs nothing beyond the action's own privilege.
 */
export function requireLimitedByAccess(authentication: Authentication, action: string): void {
  if (
    authentication.type === 'api_key' &&
    clusterScope(authentication, Action.invalidateApiKey) !== 'all'
  ) {
    throw actionUnauthorized(authentication, action, false);
  }
}
