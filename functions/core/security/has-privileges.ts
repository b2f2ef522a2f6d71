import { illegalArgument } from '../errors.js';
import { type ActionSet, actionSetsImply, covers } from './action-set.js';
import type { Authentication } from './authentication.js';
import { validateClusterPrivilege, validateIndexPrivilege } from './privilege-names.js';
import {
  effectivelyHolds,
  hasApplicationPrivilege,
  roleHasClusterPrivilege,
} from './privileges.js';
import type { RoleDescriptor } from './role-descriptor.js';

export interface PrivilegesToCheck {
  cluster: string[];
  index: Array<{ names: string[]; privileges: string[] }>;
  application: Array<{ application: string; privileges: string[]; resources: string[] }>;
}

export interface HasPrivilegesResponse {
  username: string;
  has_all_requested: boolean;
  cluster: Record<string, boolean>;
  index: Record<string, Record<string, boolean>>;
  application: Record<string, Record<string, Record<string, boolean>>>;
}

const INDEX_ACTIONS: Record<string, readonly string[]> = {
  none: [],
  all: ['indices:*', 'internal:transport/proxy/indices:*'],
  read: ['indices:data/read/*', 'indices:admin/resolve/index', 'indices:admin/resolve/cluster'],
  read_cross_cluster: [
    'internal:transport/proxy/indices:data/read/*',
    'indices:admin/shards/search_shards',
    'indices:admin/search/search_shards',
    'indices:admin/resolve/cluster',
    'indices:data/read/esql',
    'indices:data/read/esql/compute',
  ],
  create: [
    'indices:data/write/index*',
    'indices:data/write/bulk*',
    'indices:data/write/simulate/bulk*',
  ],
  create_doc: [
    'indices:data/write/index',
    'indices:data/write/index[*',
    'indices:data/write/index:op_type/create',
    'indices:data/write/bulk*',
    'indices:data/write/simulate/bulk*',
  ],
  index: [
    'indices:data/write/index*',
    'indices:data/write/bulk*',
    'indices:data/write/update*',
    'indices:data/write/simulate/bulk*',
  ],
  delete: ['indices:data/write/delete*', 'indices:data/write/bulk*'],
  write: ['indices:data/write/*', 'indices:admin/mapping/auto_put'],
  monitor: ['indices:monitor/*'],
  manage: [
    'indices:monitor/*',
    'indices:admin/*',
    'indices:data/read/field_caps*',
    'indices:data/read/xpack/rollup/get/index/caps*',
  ],
  create_index: [
    'indices:admin/create',
    'indices:admin/auto_create',
    'indices:admin/data_stream/create',
  ],
  delete_index: ['indices:admin/delete', 'indices:admin/data_stream/delete'],
  view_index_metadata: [
    'indices:admin/aliases/get',
    'indices:admin/get',
    'indices:admin/mappings/fields/get*',
    'indices:admin/mappings/get',
    'indices:admin/shards/search_shards',
    'indices:admin/search/search_shards',
    'indices:admin/validate/query*',
    'indices:monitor/settings/get',
    'indices:admin/ilm/explain',
    'indices:admin/data_stream/lifecycle/get',
    'indices:admin/data_stream/lifecycle/explain',
    'indices:admin/data_stream/get',
    'indices:admin/resolve/index',
    'indices:admin/resolve/cluster',
    'indices:data/read/field_caps*',
    'indices:data/read/xpack/rollup/get/index/caps*',
  ],
  manage_follow_index: [
    'indices:admin/xpack/ccr/put_follow',
    'indices:admin/xpack/ccr/unfollow',
    'indices:admin/close*',
    'indices:admin/data_stream/promote',
    'indices:admin/rollover',
  ],
  manage_leader_index: ['indices:admin/xpack/ccr/forget_follower*'],
  manage_ilm: ['indices:admin/ilm/*'],
  manage_data_stream_lifecycle: ['indices:admin/data_stream/lifecycle/*'],
  maintenance: [
    'indices:admin/refresh*',
    'indices:admin/flush*',
    'indices:admin/synced_flush',
    'indices:admin/forcemerge*',
  ],
  auto_configure: ['indices:admin/mapping/auto_put', 'indices:admin/auto_create'],
  cross_cluster_replication: [
    'indices:data/read/xpack/ccr/shard_changes*',
    'indices:monitor/stats*',
    'indices:admin/seq_no/add_retention_lease*',
    'indices:admin/seq_no/remove_retention_lease*',
    'indices:admin/seq_no/renew_retention_lease*',
  ],
  cross_cluster_replication_internal: ['indices:internal/admin/ccr/restore/*'],
  read_failure_store: ['indices:data/read/failure_store/*'],
  manage_failure_store: ['indices:admin/failure_store/*'],
};

function indexActions(name: string): ActionSet {
  if (name.startsWith('indices:')) {
    return { include: [name.endsWith('*') ? name : `${name}*`], exclude: [] };
  }
  return { include: INDEX_ACTIONS[name] ?? [], exclude: [] };
}

function roleHasIndex(
  descriptors: readonly RoleDescriptor[],
  index: string,
  privilege: string,
): boolean {
  const groups = descriptors
    .flatMap((descriptor) => descriptor.indices)
    .filter((group) => group.names.some((pattern) => covers(pattern, index)));
  // ES: nothing is held on an index no group covers; otherwise a subset test, so `none` (the
  // empty set) is held on any covered index.
  return (
    groups.length > 0 &&
    actionSetsImply(
      groups.flatMap((group) => group.privileges.map(indexActions)),
      indexActions(privilege),
    )
  );
}

function sortedEntries<T>(entries: Array<[string, T]>): Array<[string, T]> {
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `GET|POST /_security/user/_has_privileges`: the caller's own effective privileges. */
export function hasPrivileges(
  authentication: Authentication,
  request: PrivilegesToCheck,
): HasPrivilegesResponse {
  for (const privilege of request.cluster) {
    const message = validateClusterPrivilege(privilege.toLowerCase());
    if (message !== undefined) {
      throw illegalArgument(message);
    }
  }
  for (const entry of request.index) {
    for (const privilege of entry.privileges) {
      const message = validateIndexPrivilege(privilege.toLowerCase());
      if (message !== undefined) {
        throw illegalArgument(message);
      }
    }
  }
  // Maps, not objects: names come from the caller (`__proto__`, `constructor`, ...).
  const cluster = new Map<string, boolean>();
  for (const privilege of request.cluster) {
    cluster.set(
      privilege,
      effectivelyHolds(authentication, (role) =>
        roleHasClusterPrivilege(role, privilege.toLowerCase()),
      ),
    );
  }
  const index = new Map<string, Map<string, boolean>>();
  for (const entry of request.index) {
    for (const name of entry.names) {
      const privileges = index.get(name) ?? new Map<string, boolean>();
      index.set(name, privileges);
      for (const privilege of entry.privileges) {
        privileges.set(
          privilege,
          effectivelyHolds(authentication, (role) =>
            roleHasIndex(role, name, privilege.toLowerCase()),
          ),
        );
      }
    }
  }
  const application = new Map<string, Map<string, Map<string, boolean>>>();
  for (const entry of request.application) {
    const resources = application.get(entry.application) ?? new Map();
    application.set(entry.application, resources);
    for (const resource of entry.resources) {
      const privileges = resources.get(resource) ?? new Map<string, boolean>();
      resources.set(resource, privileges);
      for (const privilege of entry.privileges) {
        privileges.set(
          privilege,
          hasApplicationPrivilege(authentication, entry.application, privilege, resource),
        );
      }
    }
  }
  const all = [
    ...cluster.values(),
    ...[...index.values()].flatMap((privileges) => [...privileges.values()]),
    ...[...application.values()].flatMap((resources) =>
      [...resources.values()].flatMap((privileges) => [...privileges.values()]),
    ),
  ];
  return {
    username: authentication.user.username,
    has_all_requested: all.every(Boolean),
    cluster: Object.fromEntries(cluster),
    index: Object.fromEntries(
      sortedEntries([...index.entries()]).map(([name, privileges]) => [
        name,
        Object.fromEntries(privileges),
      ]),
    ),
    application: Object.fromEntries(
      [...application.entries()].map(([name, resources]) => [
        name,
        Object.fromEntries(
          sortedEntries([...resources.entries()]).map(([resource, privileges]) => [
            resource,
            Object.fromEntries(privileges),
          ]),
        ),
      ]),
    ),
  };
}
