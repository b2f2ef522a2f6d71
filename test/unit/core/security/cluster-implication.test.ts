import { describe, expect, it } from 'vitest';
import type { RealmAuthentication } from '../../../../functions/core/security/authentication.js';
import { NATIVE_REALM } from '../../../../functions/core/security/authentication.js';
import { hasPrivileges } from '../../../../functions/core/security/has-privileges.js';
import {
  Action,
  CLUSTER_PRIVILEGES,
  grantsClusterAction,
  impliesClusterPrivilege,
} from '../../../../functions/core/security/privilege-names.js';
import { clusterScope } from '../../../../functions/core/security/privileges.js';

/**
 * The implication matrix, written from ES's ClusterPrivilegeResolver action patterns by hand (not
 * computed by the code under test). Rules, as ES's ClusterPermission.implies applies them:
 * - every privilege implies itself, and `all` implies every named privilege;
 * - `none` and `manage_data_stream_global_retention` (no actions in ES today) are implied by any
 *   privilege that is not `manage_own_api_key` (ES needs an unconditional automaton check);
 * - `manage` (every cluster action but `cluster:admin/xpack/security/*`) implies every privilege
 *   whose actions stay outside the security namespace;
 * - the pairs in SUBSETS, where one privilege's ES patterns contain the other's.
 */
const EMPTY = ['none', 'manage_data_stream_global_retention'];

/** Privileges with at least one action under `cluster:admin/xpack/security/`: not implied by `manage`. */
const SECURITY_ACTIONS = [
  'manage_own_api_key',
  'grant_api_key',
  'read_security',
  'manage_api_key',
  'manage_security',
  'all',
  'manage_token',
  'manage_oidc',
  'manage_saml',
  'manage_service_account',
  'manage_user_profile',
  'manage_ccr', // user/has_privileges
  'read_ccr', // user/has_privileges
];

const SUBSETS: Record<string, readonly string[]> = {
  manage_security: [
    'manage_own_api_key',
    'grant_api_key',
    'read_security',
    'manage_api_key',
    'manage_token',
    'manage_oidc',
    'manage_service_account',
    'manage_user_profile',
  ],
  manage_api_key: ['manage_own_api_key', 'grant_api_key'],
  monitor: [
    'monitor_inference',
    'monitor_ml',
    'monitor_rollup',
    'monitor_text_structure',
    'monitor_transform',
    'monitor_watcher',
    'transport_client',
  ],
  create_snapshot: ['monitor_snapshot'],
  manage_ccr: ['read_ccr'],
  manage_enrich: ['monitor_enrich'],
  manage_ilm: ['read_ilm'],
  manage_inference: ['monitor_inference'],
  manage_ingest_pipelines: ['manage_pipeline', 'read_pipeline'],
  manage_pipeline: ['manage_ingest_pipelines', 'read_pipeline'],
  manage_ml: ['monitor_ml'],
  manage_rollup: ['monitor_rollup'],
  manage_slm: ['read_slm'],
  manage_transform: ['monitor_transform'],
  manage_watcher: ['monitor_watcher'],
};

const NAMES = [...CLUSTER_PRIVILEGES.keys()];

function expected(held: string, requested: string): boolean {
  if (held === requested || held === 'all') {
    return true;
  }
  if (EMPTY.includes(requested)) {
    return held !== 'manage_own_api_key';
  }
  if (held === 'manage') {
    return !SECURITY_ACTIONS.includes(requested);
  }
  return SUBSETS[held]?.includes(requested) ?? false;
}

function realmUser(cluster: string[]): RealmAuthentication {
  return {
    type: 'realm',
    user: {
      username: 'u',
      roles: ['r'],
      full_name: null,
      email: null,
      metadata: {},
      enabled: true,
    },
    realm: NATIVE_REALM,
    roleDescriptors: { r: { cluster, indices: [], applications: [], run_as: [], metadata: {} } },
  };
}

const PAIRS = NAMES.flatMap((held) => NAMES.map((requested) => [held, requested] as const));

describe('cluster privilege implication (ES ClusterPermission.implies)', () => {
  it('covers every named cluster privilege against every other', () => {
    expect(NAMES).toHaveLength(47);
    expect(PAIRS).toHaveLength(47 * 47);
  });

  it.each(PAIRS)('holding %s implies %s exactly as ES says', (held, requested) => {
    const implied = impliesClusterPrivilege([held], requested);

    expect(implied).toBe(expected(held, requested));
  });

  it.each(PAIRS)(
    '_has_privileges of a role holding %s answers %s as ES does',
    (held, requested) => {
      const response = hasPrivileges(realmUser([held]), {
        cluster: [requested],
        index: [],
        application: [],
      });

      expect(response.cluster[requested]).toBe(expected(held, requested));
    },
  );

  it.each([
    [['manage'], 'manage', true],
    [['all'], 'manage_own_api_key', true],
    [['manage_api_key'], 'manage_own_api_key', true],
    [['manage'], 'manage_own_api_key', false],
    [['read_security'], 'manage_own_api_key', false],
    [['manage_own_api_key'], 'none', false],
    [[], 'none', false],
    // The union of held privileges counts, as ES merges them into one automaton.
    [['manage', 'cluster:admin/xpack/security/*'], 'all', true],
    [['manage', 'manage_security'], 'all', false],
    [['monitor_ml', 'cluster:admin/xpack/ml/*'], 'manage_ml', true],
    [['cluster:admin/xpack/security/api_key/*'], 'manage_api_key', true],
    [['cluster:admin/xpack/security/api_key/get'], 'manage_api_key', false],
    [['manage_api_key'], 'cluster:admin/xpack/security/api_key/get', true],
    [['manage'], 'cluster:admin/xpack/security/api_key/get', false],
    [['manage'], 'cluster:admin/xpack/ml/job/*', true],
    [['cluster:admin/*'], 'cluster:admin/a?c', true],
    [['cluster:admin/a?c'], 'cluster:admin/a*c', false],
    [['no_such_privilege'], 'none', false],
  ])('holding %j implies %s: %s', (held, requested, implied) => {
    expect(impliesClusterPrivilege(held, requested)).toBe(implied);
  });
});

describe('authorization follows the same implication', () => {
  const ACTIONS = Object.values(Action);

  it.each(PAIRS.filter(([held, requested]) => expected(held, requested)))(
    'whatever %s implies (%s) grants no action it lacks',
    (held, requested) => {
      const lacking = ACTIONS.filter(
        (action) =>
          grantsClusterAction([requested], action) && !grantsClusterAction([held], action),
      );

      expect(lacking).toEqual([]);
    },
  );

  it.each(ACTIONS)('all and manage_security grant %s, manage does not', (action) => {
    expect(clusterScope(realmUser(['all']), action)).toBe('all');
    expect(clusterScope(realmUser(['manage_security']), action)).toBe('all');
    expect(clusterScope(realmUser(['manage']), action)).toBe('none');
  });

  it('manage grants the cluster actions outside security, and index template actions', () => {
    expect(grantsClusterAction(['manage'], 'cluster:admin/xpack/ml/job/put')).toBe(true);
    expect(grantsClusterAction(['manage'], 'indices:admin/template/put')).toBe(true);
    expect(grantsClusterAction(['manage'], 'indices:data/read/search')).toBe(false);
    expect(
      grantsClusterAction(['manage_security'], 'cluster:admin/xpack/security/delegate_pki'),
    ).toBe(false);
    expect(
      grantsClusterAction(['manage_security', 'all'], 'cluster:admin/xpack/security/delegate_pki'),
    ).toBe(true);
  });
});
