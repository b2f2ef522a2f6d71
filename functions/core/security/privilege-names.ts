import { type ActionSet, actionSetsContain, actionSetsImply } from './action-set.js';

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
const ALL_CLUSTER = ['cluster:*', 'indices:admin/template/*', 'indices:admin/index_template/*'];
const MONITOR_SNAPSHOT = [
  'cluster:admin/snapshot/status*',
  'cluster:admin/snapshot/get',
  'cluster:admin/repository/get',
];
const READ_CCR = ['cluster:monitor/state', `${SECURITY}user/has_privileges`];
const REMOTE_CLUSTER = [
  'cluster:internal/remote_cluster/handshake',
  'cluster:internal/remote_cluster/nodes',
  'cluster:internal/admin/tasks/ban',
  'cluster:internal/admin/tasks/cancel_child',
  'cluster:monitor/xpack/info',
];
const INGEST_PIPELINES = ['cluster:admin/ingest/pipeline/*'];

/** A named cluster privilege: the actions it grants, as ES's ClusterPrivilegeResolver defines them. */
export interface ClusterPrivilegeDefinition {
  include: readonly string[];
  exclude?: readonly string[];
}

/**
 * Cluster privileges, narrowest first: that order is the order ES lists them in
 * "this action is granted by the cluster privileges [...]". Action patterns are ES's
 * (ClusterPrivilegeResolver), so one privilege implies another exactly when ES says it does.
 * `manage_own_api_key` grants its actions only on the caller's own keys: privileges.ts applies
 * that condition, and `impliesClusterPrivilege` treats it as ES's ManageOwnClusterPermissionCheck.
 */
export const CLUSTER_PRIVILEGES: ReadonlyMap<string, ClusterPrivilegeDefinition> = new Map<
  string,
  ClusterPrivilegeDefinition
>([
  ['manage_own_api_key', { include: [`${SECURITY}api_key/*`] }],
  ['none', { include: [] }],
  [
    'monitor',
    {
      include: [
        'cluster:monitor/*',
        'indices:admin/template/get',
        'cluster:admin/component_template/get',
        'indices:admin/index_template/get',
      ],
    },
  ],
  ['grant_api_key', { include: [`${Action.grantApiKey}*`] }],
  [
    'read_security',
    {
      include: [
        Action.getApiKey,
        Action.queryApiKey,
        `${SECURITY}privilege/builtin/get`,
        `${SECURITY}privilege/get`,
        `${SECURITY}profile/get`,
        `${SECURITY}profile/has_privileges`,
        `${SECURITY}profile/suggest`,
        Action.getRoles,
        `${SECURITY}role/query`,
        `${SECURITY}role_mapping/get`,
        `${SECURITY}service_account/get`,
        `${SECURITY}service_account/credential/get*`,
        Action.getUsers,
        `${SECURITY}user/query`,
        `${SECURITY}user/list_privileges`,
        `${SECURITY}user/has_privileges`,
        `${SECURITY}settings/get`,
      ],
    },
  ],
  ['manage_api_key', { include: [`${SECURITY}api_key/*`] }],
  ['manage_security', { include: [`${SECURITY}*`], exclude: [`${SECURITY}delegate_pki`] }],
  ['manage', { include: ALL_CLUSTER, exclude: [`${SECURITY}*`] }],
  ['all', { include: ALL_CLUSTER }],
  ['manage_token', { include: [`${SECURITY}token/*`] }],
  // Recognised for compatibility with role definitions written for Elasticsearch; none is an
  // action this service implements, but each keeps ES's actions so implication matches ES.
  ['cancel_task', { include: ['cluster:admin/tasks/cancel*'] }],
  ['create_snapshot', { include: ['cluster:admin/snapshot/create', ...MONITOR_SNAPSHOT] }],
  ['cross_cluster_replication', { include: [...REMOTE_CLUSTER, 'cluster:monitor/state'] }],
  [
    'cross_cluster_search',
    {
      include: [
        ...REMOTE_CLUSTER,
        'cluster:monitor/xpack/enrich/esql/resolve_policy',
        'cluster:internal:data/read/esql/open_exchange',
        'cluster:internal:data/read/esql/exchange',
      ],
    },
  ],
  ['manage_autoscaling', { include: ['cluster:admin/autoscaling/*'] }],
  ['manage_ccr', { include: ['cluster:admin/xpack/ccr/*', ...READ_CCR] }],
  // Deprecated in ES, where it now grants no action.
  ['manage_data_stream_global_retention', { include: [] }],
  [
    'manage_enrich',
    { include: ['cluster:admin/xpack/enrich/*', 'cluster:monitor/xpack/enrich/*'] },
  ],
  ['manage_ilm', { include: ['cluster:admin/ilm/*'] }],
  [
    'manage_index_templates',
    {
      include: [
        'indices:admin/template/*',
        'indices:admin/index_template/*',
        'cluster:admin/component_template/*',
      ],
    },
  ],
  [
    'manage_inference',
    {
      include: [
        'cluster:admin/xpack/inference/*',
        'cluster:monitor/xpack/inference*',
        'cluster:admin/xpack/ml/trained_models/deployment/start',
        'cluster:admin/xpack/ml/trained_models/deployment/stop',
        'cluster:monitor/xpack/ml/trained_models/deployment/infer',
      ],
    },
  ],
  ['manage_ingest_pipelines', { include: INGEST_PIPELINES }],
  ['manage_logstash_pipelines', { include: ['cluster:admin/logstash/pipeline/*'] }],
  ['manage_ml', { include: ['cluster:admin/xpack/ml/*', 'cluster:monitor/xpack/ml/*'] }],
  ['manage_oidc', { include: [`${SECURITY}oidc/*`] }],
  ['manage_pipeline', { include: INGEST_PIPELINES }],
  [
    'manage_rollup',
    { include: ['cluster:admin/xpack/rollup/*', 'cluster:monitor/xpack/rollup/*'] },
  ],
  [
    'manage_saml',
    {
      include: [
        `${SECURITY}saml/*`,
        `${SECURITY}token/invalidate`,
        `${SECURITY}token/refresh`,
        'cluster:monitor/xpack/security/saml/metadata',
      ],
    },
  ],
  [
    'manage_search_application',
    { include: ['cluster:admin/xpack/application/search_application/*'] },
  ],
  ['manage_service_account', { include: [`${SECURITY}service_account/*`] }],
  [
    'manage_slm',
    {
      include: [
        'cluster:admin/slm/*',
        'cluster:admin/ilm/start',
        'cluster:admin/ilm/stop',
        'cluster:admin/ilm/operation_mode/get',
      ],
    },
  ],
  [
    'manage_transform',
    {
      include: [
        'cluster:admin/data_frame/*',
        'cluster:monitor/data_frame/*',
        'cluster:monitor/transform/*',
        'cluster:admin/transform/*',
      ],
    },
  ],
  ['manage_user_profile', { include: [`${SECURITY}profile/*`] }],
  [
    'manage_watcher',
    { include: ['cluster:admin/xpack/watcher/*', 'cluster:monitor/xpack/watcher/*'] },
  ],
  [
    'monitor_enrich',
    { include: ['cluster:monitor/xpack/enrich/*', 'cluster:admin/xpack/enrich/get'] },
  ],
  [
    'monitor_inference',
    {
      include: [
        'cluster:monitor/xpack/inference*',
        'cluster:monitor/xpack/ml/trained_models/deployment/infer',
      ],
    },
  ],
  ['monitor_ml', { include: ['cluster:monitor/xpack/ml/*'] }],
  ['monitor_rollup', { include: ['cluster:monitor/xpack/rollup/*'] }],
  ['monitor_snapshot', { include: MONITOR_SNAPSHOT }],
  ['monitor_text_structure', { include: ['cluster:monitor/text_structure/*'] }],
  [
    'monitor_transform',
    { include: ['cluster:monitor/data_frame/*', 'cluster:monitor/transform/*'] },
  ],
  ['monitor_watcher', { include: ['cluster:monitor/xpack/watcher/*'] }],
  ['read_ccr', { include: READ_CCR }],
  ['read_ilm', { include: ['cluster:admin/ilm/get', 'cluster:admin/ilm/operation_mode/get'] }],
  [
    'read_pipeline',
    { include: ['cluster:admin/ingest/pipeline/get', 'cluster:admin/ingest/pipeline/simulate'] },
  ],
  [
    'read_slm',
    {
      include: [
        'cluster:admin/slm/status',
        'cluster:admin/slm/get',
        'cluster:admin/ilm/operation_mode/get',
      ],
    },
  ],
  ['transport_client', { include: ['cluster:monitor/nodes/liveness', 'cluster:monitor/state'] }],
]);

const OWN_API_KEY = 'manage_own_api_key';

/** The actions a cluster privilege grants: a named privilege, or an action name ES turns into `name*`. */
export function clusterActionSet(privilege: string): ActionSet {
  if (privilege.startsWith('cluster:')) {
    return { include: [privilege.endsWith('*') ? privilege : `${privilege}*`], exclude: [] };
  }
  const definition = CLUSTER_PRIVILEGES.get(privilege);
  return { include: definition?.include ?? [], exclude: definition?.exclude ?? [] };
}

/** The held privileges ES builds one unconditional action automaton from (all but the own-key one). */
function unconditional(held: readonly string[]): ActionSet[] {
  return held
    .filter(
      (name) =>
        name !== OWN_API_KEY && (name.startsWith('cluster:') || CLUSTER_PRIVILEGES.has(name)),
    )
    .map(clusterActionSet);
}

/**
 * ES's `ClusterPermission.implies`, the one rule for "does holding these privileges mean holding
 * that one": the requested privilege's actions must be a subset of the held ones'. The own-key
 * privilege is conditional (ES's ManageOwnClusterPermissionCheck): it is implied by itself or by
 * unconditional privileges covering all API key actions, and implies nothing else; even `none`
 * (an empty set) needs an unconditional held privilege, as ES needs an automaton check to imply it.
 */
export function impliesClusterPrivilege(held: readonly string[], requested: string): boolean {
  const sets = unconditional(held);
  if (requested === OWN_API_KEY) {
    return held.includes(OWN_API_KEY) || actionSetsImply(sets, clusterActionSet(OWN_API_KEY));
  }
  return sets.length > 0 && actionSetsImply(sets, clusterActionSet(requested));
}

/** Whether the held privileges grant an action outright, whoever's key the request touches. */
export function grantsClusterAction(held: readonly string[], action: string): boolean {
  return actionSetsContain(unconditional(held), action);
}

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
