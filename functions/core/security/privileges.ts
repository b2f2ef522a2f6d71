import { type EsError, forbidden } from '../errors.js';
import type { Authentication } from './authentication.js';
import { Action, CLUSTER_PRIVILEGES, clusterPrivilegeGrants } from './privilege-names.js';
import type { RoleDescriptor, RoleDescriptors } from './role-descriptor.js';
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

function descriptorsScope(descriptors: Iterable<RoleDescriptor>, action: string): Scope {
  let own = false;
  for (const descriptor of descriptors) {
    for (const privilege of descriptor.cluster) {
      if (clusterPrivilegeGrants(privilege, action)) {
        return 'all';
      }
      own ||= privilege === 'manage_own_api_key' && OWN_API_KEY_ACTIONS.has(action);
    }
  }
  return own ? 'own' : 'none';
}

const RANK: Record<Scope, number> = { none: 0, own: 1, all: 2 };

function narrower(a: Scope, b: Scope): Scope {
  return RANK[a] <= RANK[b] ? a : b;
}

function isEmpty(descriptors: RoleDescriptors): boolean {
  return Object.keys(descriptors).length === 0;
}

/**
 * The caller's scope for a cluster action. For an API key it is the intersection of the key's
 * own descriptors and its `limited_by` snapshot; empty own descriptors inherit the snapshot.
 */
export function clusterScope(authentication: Authentication, action: string): Scope {
  if (authentication.type === 'realm') {
    return descriptorsScope(Object.values(authentication.roleDescriptors), action);
  }
  const limited = descriptorsScope(Object.values(authentication.limitedBy), action);
  if (isEmpty(authentication.roleDescriptors)) {
    return limited;
  }
  return narrower(descriptorsScope(Object.values(authentication.roleDescriptors), action), limited);
}

function descriptorsGrantApplication(
  descriptors: Iterable<RoleDescriptor>,
  application: string,
  privilege: string,
  resource: string,
): boolean {
  for (const descriptor of descriptors) {
    for (const entry of descriptor.applications) {
      if (
        wildcardMatch(entry.application, application) &&
        entry.privileges.some((held) => held === 'all' || wildcardMatch(held, privilege)) &&
        entry.resources.some((pattern) => wildcardMatch(pattern, resource))
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Whether the caller's effective role grants an application privilege on a resource. */
export function hasApplicationPrivilege(
  authentication: Authentication,
  application: string,
  privilege: string,
  resource: string,
): boolean {
  const grants = (descriptors: RoleDescriptors) =>
    descriptorsGrantApplication(Object.values(descriptors), application, privilege, resource);
  if (authentication.type === 'realm') {
    return grants(authentication.roleDescriptors);
  }
  return (
    grants(authentication.limitedBy) &&
    (isEmpty(authentication.roleDescriptors) || grants(authentication.roleDescriptors))
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
      clusterPrivilegeGrants(name, action) ||
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
  if (scope === 'all' || (scope === 'own' && ownApplies)) {
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
