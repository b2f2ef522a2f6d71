import { wildcardMatch } from './wildcard.js';

/** The cluster actions this service implements, named as in Elasticsearch. */
export const Action = {
  createApiKey: 'cluster:admin/xpack/security/api_key/create',
  getApiKey: 'cluster:admin/xpack/security/api_key/get',
  queryApiKey: 'cluster:admin/xpack/security/api_key/query',
  invalidateApiKey: 'cluster:admin/xpack/security/api_key/invalidate',
  updateApiKey: 'cluster:admin/xpack/security/api_key/update',
  bulkUpdateApiKey: 'cluster:admin/xpack/security/api_key/bulk_update',
  grantApiKey: 'cluster:admin/xpack/security/api_key/grant',
  clearSecurityCache: 'cluster:admin/xpack/security/cache/clear',
  putUser: 'cluster:admin/xpack/security/user/put',
  getUsers: 'cluster:admin/xpack/security/user/get',
  deleteUser: 'cluster:admin/xpack/security/user/delete',
  putRole: 'cluster:admin/xpack/security/role/put',
  getRoles: 'cluster:admin/xpack/security/role/get',
  deleteRole: 'cluster:admin/xpack/security/role/delete',
} as const;
export type Action = (typeof Action)[keyof typeof Action];

const SECURITY = 'cluster:admin/xpack/security/';

interface ClusterPrivilegeDefinition {
  include: string[];
  exclude?: string[];
}

/**
 * Cluster privileges, narrowest first: that order is the order ES lists them in
 * "this action is granted by the cluster privileges [...]".
 * `manage_own_api_key` is handled by the ownership rules in privileges.ts.
 */
export const CLUSTER_PRIVILEGES: ReadonlyMap<string, ClusterPrivilegeDefinition> = new Map([
  ['manage_own_api_key', { include: [] }],
  ['none', { include: [] }],
  ['monitor', { include: ['cluster:monitor/*'] }],
  ['grant_api_key', { include: [Action.grantApiKey] }],
  [
    'read_security',
    {
      include: [`${SECURITY}*/get`, `${SECURITY}*/query`, `${SECURITY}user/has_privileges`],
    },
  ],
  ['manage_api_key', { include: [`${SECURITY}api_key/*`] }],
  ['manage_security', { include: [`${SECURITY}*`], exclude: [`${SECURITY}delegate_pki`] }],
  ['manage', { include: ['cluster:*'], exclude: [`${SECURITY}*`] }],
  ['all', { include: ['cluster:*'] }],
  ['manage_token', { include: [`${SECURITY}token/*`] }],
  // Recognised for compatibility with role definitions written for Elasticsearch. Each stands
  // for its own family of ES actions, which `manage` and `all` cover; none is an action this
  // service implements.
  ...[
    'cancel_task',
    'create_snapshot',
    'cross_cluster_replication',
    'cross_cluster_search',
    'manage_autoscaling',
    'manage_ccr',
    'manage_data_stream_global_retention',
    'manage_enrich',
    'manage_ilm',
    'manage_index_templates',
    'manage_inference',
    'manage_ingest_pipelines',
    'manage_logstash_pipelines',
    'manage_ml',
    'manage_oidc',
    'manage_pipeline',
    'manage_rollup',
    'manage_saml',
    'manage_search_application',
    'manage_service_account',
    'manage_slm',
    'manage_transform',
    'manage_user_profile',
    'manage_watcher',
    'monitor_enrich',
    'monitor_inference',
    'monitor_ml',
    'monitor_rollup',
    'monitor_snapshot',
    'monitor_text_structure',
    'monitor_transform',
    'monitor_watcher',
    'read_ccr',
    'read_ilm',
    'read_pipeline',
    'read_slm',
    'transport_client',
  ].map((name): [string, ClusterPrivilegeDefinition] => [name, { include: [`cluster:${name}/*`] }]),
]);

export const INDEX_PRIVILEGES: readonly string[] = [
  'all',
  'auto_configure',
  'create',
  'create_doc',
  'create_index',
  'cross_cluster_replication',
  'cross_cluster_replication_internal',
  'delete',
  'delete_index',
  'index',
  'maintenance',
  'manage',
  'manage_data_stream_lifecycle',
  'manage_failure_store',
  'manage_follow_index',
  'manage_ilm',
  'manage_leader_index',
  'monitor',
  'none',
  'read',
  'read_cross_cluster',
  'read_failure_store',
  'view_index_metadata',
  'write',
];

/** Whether the named cluster privilege (or a `cluster:` action pattern) grants an action outright. */
export function clusterPrivilegeGrants(privilege: string, action: string): boolean {
  if (privilege.startsWith('cluster:')) {
    return wildcardMatch(privilege, action);
  }
  const definition = CLUSTER_PRIVILEGES.get(privilege);
  if (!definition) {
    return false;
  }
  return (
    definition.include.some((pattern) => wildcardMatch(pattern, action)) &&
    !(definition.exclude ?? []).some((pattern) => wildcardMatch(pattern, action))
  );
}

export function validateClusterPrivilege(privilege: string): string | undefined {
  if (CLUSTER_PRIVILEGES.has(privilege) || /^cluster:[^\s]+$/.test(privilege)) {
    return undefined;
  }
  const names = [...CLUSTER_PRIVILEGES.keys()].join(',');
  return `unknown cluster privilege [${privilege}]. a privilege must be either one of the predefined cluster privilege names [${names}] or a pattern over one of the available cluster actions`;
}

export function validateIndexPrivilege(privilege: string): string | undefined {
  if (INDEX_PRIVILEGES.includes(privilege) || /^indices:[^\s]+$/.test(privilege)) {
    return undefined;
  }
  const names = [...INDEX_PRIVILEGES].sort().join(',');
  return `unknown index privilege [${privilege}]. a privilege must be either one of the predefined fixed indices privileges [${names}] or a pattern over one of the available index actions`;
}
