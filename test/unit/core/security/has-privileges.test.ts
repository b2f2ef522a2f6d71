import { describe, expect, it } from 'vitest';
import type {
  ApiKeyAuthentication,
  RealmAuthentication,
} from '../../../../functions/core/security/authentication.js';
import { NATIVE_REALM } from '../../../../functions/core/security/authentication.js';
import {
  hasPrivileges,
  type PrivilegesToCheck,
} from '../../../../functions/core/security/has-privileges.js';
import { INDEX_PRIVILEGES } from '../../../../functions/core/security/privilege-names.js';
import {
  type ApplicationPrivileges,
  type IndicesPrivileges,
  type RoleDescriptor,
  SUPERUSER_ROLE,
} from '../../../../functions/core/security/role-descriptor.js';
import { thrown } from '../../thrown.js';

function group(names: string[], privileges: string[]): IndicesPrivileges {
  return { names, privileges, allow_restricted_indices: false };
}

function role(
  indices: IndicesPrivileges[],
  cluster: string[] = [],
  applications: ApplicationPrivileges[] = [],
): RoleDescriptor {
  return { cluster, indices, applications, run_as: [], metadata: {} };
}

const USER = {
  username: 'bob',
  roles: ['r'],
  full_name: null,
  email: null,
  metadata: {},
  enabled: true,
};

function realmUser(...descriptors: RoleDescriptor[]): RealmAuthentication {
  return {
    type: 'realm',
    user: USER,
    realm: NATIVE_REALM,
    roleDescriptors: Object.fromEntries(descriptors.map((d, i) => [`r${i}`, d])),
  };
}

function apiKey(own: RoleDescriptor[], limitedBy: RoleDescriptor[]): ApiKeyAuthentication {
  return {
    type: 'api_key',
    user: USER,
    ownerRealm: NATIVE_REALM,
    apiKey: { id: 'k1', name: 'k', metadata: {} },
    roleDescriptors: Object.fromEntries(own.map((d, i) => [`own${i}`, d])),
    limitedBy: Object.fromEntries(limitedBy.map((d, i) => [`lim${i}`, d])),
  };
}

function request(partial: Partial<PrivilegesToCheck>): PrivilegesToCheck {
  return { cluster: [], index: [], application: [], ...partial };
}

/** Whether a role holding `held` on `logs-*` is told it holds `privilege` on `logs-1`. */
function holds(held: string[], privilege: string, index = 'logs-1'): boolean | undefined {
  const response = hasPrivileges(
    realmUser(role([group(['logs-*'], held)])),
    request({ index: [{ names: [index], privileges: [privilege] }] }),
  );
  return response.index[index]?.[privilege];
}

/**
 * Actions each named index privilege grants, from ES's IndexPrivilege (one action under each of
 * its wildcard patterns; its exact action names are reached through `all` below, because a
 * requested action name means the name and everything under it, as in ES).
 */
const GRANTED_ACTIONS: Record<string, string[]> = {
  all: ['indices:data/read/search', 'indices:admin/create'],
  read: ['indices:data/read/search', 'indices:data/read/get'],
  create: [
    'indices:data/write/index',
    'indices:data/write/bulk',
    'indices:data/write/simulate/bulk',
  ],
  create_doc: [
    'indices:data/write/index[s]',
    'indices:data/write/bulk',
    'indices:data/write/simulate/bulk',
  ],
  index: [
    'indices:data/write/index',
    'indices:data/write/bulk',
    'indices:data/write/update',
    'indices:data/write/simulate/bulk',
  ],
  delete: ['indices:data/write/delete', 'indices:data/write/bulk'],
  write: ['indices:data/write/reindex'],
  monitor: ['indices:monitor/stats'],
  manage: [
    'indices:monitor/stats',
    'indices:admin/create',
    'indices:data/read/field_caps',
    'indices:data/read/xpack/rollup/get/index/caps',
  ],
  view_index_metadata: [
    'indices:admin/mappings/fields/get',
    'indices:admin/validate/query',
    'indices:data/read/field_caps',
    'indices:data/read/xpack/rollup/get/index/caps',
  ],
  manage_follow_index: ['indices:admin/close'],
  manage_leader_index: ['indices:admin/xpack/ccr/forget_follower'],
  manage_ilm: ['indices:admin/ilm/explain'],
  manage_data_stream_lifecycle: ['indices:admin/data_stream/lifecycle/get'],
  maintenance: ['indices:admin/refresh', 'indices:admin/flush', 'indices:admin/forcemerge'],
  cross_cluster_replication: [
    'indices:data/read/xpack/ccr/shard_changes',
    'indices:monitor/stats',
    'indices:admin/seq_no/add_retention_lease',
    'indices:admin/seq_no/remove_retention_lease',
    'indices:admin/seq_no/renew_retention_lease',
  ],
  cross_cluster_replication_internal: ['indices:internal/admin/ccr/restore/start'],
  read_failure_store: ['indices:data/read/failure_store/search'],
  manage_failure_store: ['indices:admin/failure_store/modify'],
};

describe('_has_privileges: index privileges', () => {
  it.each(
    Object.entries(GRANTED_ACTIONS).flatMap(([privilege, actions]) =>
      actions.map((action) => [privilege, action]),
    ),
  )('%s grants %s', (privilege, action) => {
    expect(holds([privilege], action)).toBe(true);
  });

  it.each(INDEX_PRIVILEGES.filter((name) => name !== 'all'))('all implies %s', (privilege) => {
    expect(holds(['all'], privilege)).toBe(true);
  });

  it.each(INDEX_PRIVILEGES)('%s implies itself', (privilege) => {
    expect(holds([privilege], privilege)).toBe(true);
  });

  it.each([
    // ES's IndexPrivilege: write ⊇ index ⊇ create ⊇ create_doc; write ⊇ delete.
    ['write', 'index', true],
    ['write', 'delete', true],
    ['index', 'create', true],
    ['create', 'create_doc', true],
    ['create_doc', 'create', false],
    ['create', 'index', false],
    ['index', 'write', false],
    ['delete', 'write', false],
    ['manage', 'monitor', true],
    ['monitor', 'manage', false],
    ['view_index_metadata', 'read', false],
    ['read', 'view_index_metadata', false],
    ['read', 'write', false],
    ['manage', 'all', false],
    ['read', 'indices:data/write/index', false],
    ['create_doc', 'indices:data/write/update', false],
    ['read', 'read_cross_cluster', false],
    ['read', 'create_index', false],
    ['read', 'delete_index', false],
    ['read', 'auto_configure', false],
    ['manage', 'create_index', true],
    ['manage', 'delete_index', true],
    ['manage', 'auto_configure', true],
  ])('%s implies %s: %s', (held, requested, expected) => {
    expect(holds([held], requested)).toBe(expected);
  });

  it('reads a held action name as that action and every action under it', () => {
    expect(holds(['indices:data/read/search'], 'indices:data/read/search[phase/query]')).toBe(true);
    expect(holds(['indices:data/read/*'], 'indices:data/read/search')).toBe(true);
    expect(holds(['indices:data/read/search'], 'indices:data/read/get')).toBe(false);
  });

  it('unions the privileges of every group that covers the index', () => {
    const writes = group(['logs-*'], ['indices:data/write/index']);
    const bulks = group(
      ['other', 'logs-1'],
      ['indices:data/write/bulk', 'indices:data/write/simulate/bulk'],
    );
    const ask = request({ index: [{ names: ['logs-1'], privileges: ['create'] }] });

    expect(hasPrivileges(realmUser(role([writes]), role([bulks])), ask).index).toEqual({
      'logs-1': { create: true },
    });
    expect(hasPrivileges(realmUser(role([writes])), ask).has_all_requested).toBe(false);
    expect(hasPrivileges(realmUser(role([bulks])), ask).has_all_requested).toBe(false);
  });

  it('grants nothing on an index no group covers', () => {
    expect(holds(['all'], 'read', 'metrics')).toBe(false);
    expect(holds(['all'], 'none', 'metrics')).toBe(false);
  });

  it('holds none on an index some group covers, as ES (the empty set is a subset)', () => {
    expect(holds(['read'], 'none')).toBe(true);
    expect(holds(['none'], 'none')).toBe(true);
    expect(holds(['none'], 'read')).toBe(false);
  });

  it('matches requested index patterns that a group pattern covers', () => {
    expect(holds(['read'], 'read', 'logs-2026-*')).toBe(true);
    expect(holds(['read'], 'read', 'log*')).toBe(false);
  });

  it('accepts privilege names in any case and answers under the requested spelling', () => {
    const user = realmUser(role([group(['logs-*'], ['read'])], ['monitor']));

    const response = hasPrivileges(
      user,
      request({
        cluster: ['MONITOR', 'Manage'],
        index: [{ names: ['logs-1'], privileges: ['READ', 'Write'] }],
      }),
    );

    expect(response.cluster).toEqual({ MONITOR: true, Manage: false });
    expect(response.index).toEqual({ 'logs-1': { READ: true, Write: false } });
  });

  it('merges repeated index names across entries and sorts them by name', () => {
    const user = realmUser(role([group(['*'], ['read'])]));

    const response = hasPrivileges(
      user,
      request({
        index: [
          { names: ['c', 'a'], privileges: ['read'] },
          { names: ['b', 'a'], privileges: ['write'] },
        ],
      }),
    );

    expect(Object.keys(response.index)).toEqual(['a', 'b', 'c']);
    expect(response.index).toEqual({
      a: { read: true, write: false },
      b: { write: false },
      c: { read: true },
    });
  });

  it('keeps caller-chosen names such as __proto__ as plain keys', () => {
    const user = realmUser(role([group(['*'], ['read'])]));

    const response = hasPrivileges(
      user,
      request({ index: [{ names: ['__proto__', 'constructor'], privileges: ['read'] }] }),
    );

    expect(Object.keys(response.index)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(response.index)).toBe(Object.prototype);
  });
});

describe('_has_privileges: validation', () => {
  it('rejects an unknown cluster privilege with ES`s 400', () => {
    const error = thrown(() => hasPrivileges(realmUser(), request({ cluster: ['monitor', 'x'] })));

    expect(error.status).toBe(400);
    expect(error.type).toBe('illegal_argument_exception');
    expect(error.message).toContain('unknown cluster privilege [x]');
  });

  it('rejects an unknown index privilege with ES`s 400, naming it in lower case', () => {
    const error = thrown(() =>
      hasPrivileges(
        realmUser(),
        request({ index: [{ names: ['a'], privileges: ['read', 'Reed'] }] }),
      ),
    );

    expect(error.status).toBe(400);
    expect(error.type).toBe('illegal_argument_exception');
    expect(error.message).toContain('unknown index privilege [reed]');
  });
});

describe('_has_privileges: applications and the response', () => {
  const app = (privileges: string[], resources: string[]): ApplicationPrivileges => ({
    application: 'shop',
    privileges,
    resources,
  });

  it('answers per application, resource (sorted) and privilege', () => {
    const user = realmUser(role([], [], [app(['read'], ['/orders/*'])]));

    const response = hasPrivileges(
      user,
      request({
        application: [
          { application: 'shop', privileges: ['read', 'write'], resources: ['/orders/1', '/a'] },
          { application: 'shop', privileges: ['read'], resources: ['/orders/2'] },
          { application: 'other', privileges: ['read'], resources: ['/orders/1'] },
        ],
      }),
    );

    expect(response.application).toEqual({
      shop: {
        '/a': { read: false, write: false },
        '/orders/1': { read: true, write: false },
        '/orders/2': { read: true },
      },
      other: { '/orders/1': { read: false } },
    });
    expect(Object.keys(response.application['shop'] ?? {})).toEqual([
      '/a',
      '/orders/1',
      '/orders/2',
    ]);
  });

  it('merges a resource repeated across entries of one application', () => {
    const user = realmUser(role([], [], [app(['read', 'write'], ['*'])]));

    const response = hasPrivileges(
      user,
      request({
        application: [
          { application: 'shop', privileges: ['read'], resources: ['/x'] },
          { application: 'shop', privileges: ['write'], resources: ['/x'] },
        ],
      }),
    );

    expect(response.application).toEqual({ shop: { '/x': { read: true, write: true } } });
  });

  const full = realmUser(role([group(['logs-*'], ['read'])], ['monitor'], [app(['read'], ['*'])]));

  it.each([
    ['everything held', request({}), true],
    ['a cluster privilege missing', request({ cluster: ['monitor', 'manage'] }), false],
    [
      'an index privilege missing',
      request({ index: [{ names: ['logs-1'], privileges: ['read', 'write'] }] }),
      false,
    ],
    [
      'an application privilege missing',
      request({
        application: [{ application: 'shop', privileges: ['read', 'write'], resources: ['/x'] }],
      }),
      false,
    ],
  ])('has_all_requested with %s is %s', (_, checked, expected) => {
    const response = hasPrivileges(full, {
      cluster: ['monitor', ...checked.cluster],
      index: [{ names: ['logs-2'], privileges: ['read'] }, ...checked.index],
      application: [
        { application: 'shop', privileges: ['read'], resources: ['/y'] },
        ...checked.application,
      ],
    });

    expect(response.has_all_requested).toBe(expected);
    expect(response.username).toBe('bob');
  });
});

describe('_has_privileges for an API key', () => {
  it('holds an index privilege only when both its own role and its owner`s hold it', () => {
    const owner = role([group(['logs-*'], ['read'])]);
    const key = apiKey([role([group(['*'], ['all'])])], [owner]);

    const response = hasPrivileges(
      key,
      request({ index: [{ names: ['logs-1', 'metrics'], privileges: ['read', 'write'] }] }),
    );

    expect(response.index).toEqual({
      'logs-1': { read: true, write: false },
      metrics: { read: false, write: false },
    });
  });

  it('inherits its owner`s role when it has no descriptors of its own', () => {
    const key = apiKey([], [role([group(['logs-*'], ['write'])], ['monitor'])]);

    const response = hasPrivileges(
      key,
      request({ cluster: ['monitor'], index: [{ names: ['logs-1'], privileges: ['index'] }] }),
    );

    expect(response.has_all_requested).toBe(true);
  });
});

describe('_has_privileges for the superuser role', () => {
  it('holds every cluster, index and application privilege asked', () => {
    const response = hasPrivileges(
      realmUser(SUPERUSER_ROLE),
      request({
        cluster: ['all', 'manage_security', 'cluster:admin/anything'],
        index: [{ names: ['.security-7', 'logs-*'], privileges: ['all', 'none'] }],
        application: [{ application: 'any-app', privileges: ['custom'], resources: ['/x/y'] }],
      }),
    );

    expect(response.has_all_requested).toBe(true);
  });
});
