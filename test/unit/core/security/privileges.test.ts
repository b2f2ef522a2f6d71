import { describe, expect, it } from 'vitest';
import type {
  ApiKeyAuthentication,
  RealmAuthentication,
} from '../../../../functions/core/security/authentication.js';
import { NATIVE_REALM } from '../../../../functions/core/security/authentication.js';
import { Action } from '../../../../functions/core/security/privilege-names.js';
import {
  actionUnauthorized,
  clusterScope,
  hasApplicationPrivilege,
  requireAction,
  requireLimitedByAccess,
} from '../../../../functions/core/security/privileges.js';
import type {
  ApplicationPrivileges,
  RoleDescriptor,
  RoleDescriptors,
} from '../../../../functions/core/security/role-descriptor.js';
import { thrown } from '../../thrown.js';

function role(cluster: string[], applications: ApplicationPrivileges[] = []): RoleDescriptor {
  return { cluster, indices: [], applications, run_as: [], metadata: {} };
}

function user(username: string, roles: string[] = []) {
  return { username, roles, full_name: null, email: null, metadata: {}, enabled: true };
}

function realmUser(cluster: string[], roles: string[] = ['r']): RealmAuthentication {
  return {
    type: 'realm',
    user: user('bob', roles),
    realm: NATIVE_REALM,
    roleDescriptors: Object.fromEntries(roles.map((name) => [name, role(cluster)])),
  };
}

function apiKey(
  roleDescriptors: RoleDescriptors,
  limitedBy: RoleDescriptors,
): ApiKeyAuthentication {
  return {
    type: 'api_key',
    user: user('bob', ['r']),
    ownerRealm: NATIVE_REALM,
    apiKey: { id: 'x', name: 'k', metadata: {} },
    roleDescriptors,
    limitedBy,
  };
}

const API_KEY_ACTIONS = [
  Action.createApiKey,
  Action.getApiKey,
  Action.queryApiKey,
  Action.invalidateApiKey,
  Action.updateApiKey,
  Action.grantApiKey,
];

describe('cluster privileges of a realm user', () => {
  it.each([
    [Action.createApiKey, 'own'],
    [Action.getApiKey, 'own'],
    [Action.queryApiKey, 'own'],
    [Action.invalidateApiKey, 'own'],
    [Action.updateApiKey, 'own'],
    [Action.grantApiKey, 'none'],
    [Action.putUser, 'none'],
  ])('manage_own_api_key gives scope on %s of %s', (action, scope) => {
    const authentication = realmUser(['manage_own_api_key']);

    const result = clusterScope(authentication, action);

    expect(result).toBe(scope);
  });

  it.each([
    [Action.getApiKey, 'all'],
    [Action.queryApiKey, 'all'],
    [Action.invalidateApiKey, 'none'],
    [Action.createApiKey, 'none'],
  ])('read_security gives scope on %s of %s', (action, scope) => {
    const authentication = realmUser(['read_security']);

    const result = clusterScope(authentication, action);

    expect(result).toBe(scope);
  });

  it.each(['manage_api_key', 'manage_security', 'all', 'cluster:admin/xpack/security/api_key/*'])(
    '%s gives scope all on every API key action',
    (privilege) => {
      const authentication = realmUser([privilege]);

      const scopes = API_KEY_ACTIONS.map((action) => clusterScope(authentication, action));

      expect(scopes).toEqual(API_KEY_ACTIONS.map(() => 'all'));
    },
  );

  it.each(['manage_security', 'all'])(
    '%s gives scope all on user and role actions',
    (privilege) => {
      const authentication = realmUser([privilege]);

      const scopes = [Action.putUser, Action.getRoles, Action.deleteRole].map((action) =>
        clusterScope(authentication, action),
      );

      expect(scopes).toEqual(['all', 'all', 'all']);
    },
  );

  it('takes the widest scope across several roles', () => {
    const authentication: RealmAuthentication = {
      ...realmUser([]),
      roleDescriptors: { a: role(['manage_own_api_key']), b: role(['manage_api_key']) },
    };

    const result = clusterScope(authentication, Action.invalidateApiKey);

    expect(result).toBe('all');
  });

  it('gives scope none to a user without roles', () => {
    const authentication = realmUser([], []);

    const result = clusterScope(authentication, Action.createApiKey);

    expect(result).toBe('none');
  });
});

describe('cluster privileges of an API key (role_descriptors ∩ limited_by)', () => {
  it('inherits limited_by when role_descriptors is empty', () => {
    const authentication = apiKey({}, { owner: role(['manage_api_key']) });

    const result = clusterScope(authentication, Action.invalidateApiKey);

    expect(result).toBe('all');
  });

  it('is limited by the owner snapshot even when its own descriptors grant more', () => {
    const authentication = apiKey({ mine: role(['all']) }, { owner: role(['manage_own_api_key']) });

    const result = clusterScope(authentication, Action.getApiKey);

    expect(result).toBe('own');
  });

  it('is limited by its own descriptors when the owner holds more', () => {
    const authentication = apiKey(
      { mine: role(['manage_own_api_key']) },
      { owner: role(['manage_security']) },
    );

    const result = clusterScope(authentication, Action.invalidateApiKey);

    expect(result).toBe('own');
  });

  it('gives scope none to a derived key with a {noop:{}} descriptor', () => {
    const authentication = apiKey({ noop: role([]) }, { owner: role(['all']) });

    const scopes = API_KEY_ACTIONS.map((action) => clusterScope(authentication, action));

    expect(scopes).toEqual(API_KEY_ACTIONS.map(() => 'none'));
  });
});

describe('application privileges', () => {
  const kibana: ApplicationPrivileges = {
    application: 'kibana-*',
    privileges: ['read', 'feature_*'],
    resources: ['space:default', 'space:team-*'],
  };

  it.each([
    ['kibana-.kibana', 'read', 'space:default', true],
    ['kibana-.kibana', 'feature_discover', 'space:team-a', true],
    ['kibana-.kibana', 'write', 'space:default', false],
    ['kibana-.kibana', 'read', 'space:other', false],
    ['other', 'read', 'space:default', false],
  ])(
    'for application %s privilege %s on %s a realm user is granted %s',
    (app, privilege, resource, granted) => {
      const authentication: RealmAuthentication = {
        ...realmUser([]),
        roleDescriptors: { r: role([], [kibana]) },
      };

      const result = hasApplicationPrivilege(authentication, app, privilege, resource);

      expect(result).toBe(granted);
    },
  );

  it.each(['*', 'all'])('privilege %s grants every application privilege', (held) => {
    const authentication: RealmAuthentication = {
      ...realmUser([]),
      roleDescriptors: {
        r: role([], [{ application: 'app', privileges: [held], resources: ['*'] }]),
      },
    };

    const result = hasApplicationPrivilege(authentication, 'app', 'anything', 'any:resource');

    expect(result).toBe(true);
  });

  it('grants an API key only what both its descriptors and limited_by grant', () => {
    const wide = role([], [{ application: 'app', privileges: ['*'], resources: ['*'] }]);
    const narrow = role([], [{ application: 'app', privileges: ['read'], resources: ['r1'] }]);
    const authentication = apiKey({ mine: wide }, { owner: narrow });

    const results = [
      hasApplicationPrivilege(authentication, 'app', 'read', 'r1'),
      hasApplicationPrivilege(authentication, 'app', 'write', 'r1'),
      hasApplicationPrivilege(authentication, 'app', 'read', 'r2'),
    ];

    expect(results).toEqual([true, false, false]);
  });

  it('lets an API key with empty descriptors use limited_by application privileges', () => {
    const owner = role([], [{ application: 'app', privileges: ['read'], resources: ['*'] }]);
    const authentication = apiKey({}, { owner });

    const result = hasApplicationPrivilege(authentication, 'app', 'read', 'x');

    expect(result).toBe(true);
  });

  it('denies an API key whose own descriptors grant no application privilege', () => {
    const owner = role([], [{ application: 'app', privileges: ['read'], resources: ['*'] }]);
    const authentication = apiKey({ noop: role([]) }, { owner });

    const result = hasApplicationPrivilege(authentication, 'app', 'read', 'x');

    expect(result).toBe(false);
  });
});

describe('403 action is unauthorized', () => {
  it('names a user, their effective roles and the privileges that grant create', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.createApiKey, true);

    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [
          {
            type: 'security_exception',
            reason:
              'action [cluster:admin/xpack/security/api_key/create] is unauthorized for user [bob] with effective roles [], this action is granted by the cluster privileges [manage_own_api_key,manage_api_key,manage_security,all]',
          },
        ],
        type: 'security_exception',
        reason:
          'action [cluster:admin/xpack/security/api_key/create] is unauthorized for user [bob] with effective roles [], this action is granted by the cluster privileges [manage_own_api_key,manage_api_key,manage_security,all]',
      },
      status: 403,
    });
  });

  it('names an API key by id and owner, without roles', () => {
    const authentication = apiKey({ noop: role([]) }, { owner: role(['all']) });

    const error = actionUnauthorized(authentication, Action.createApiKey, true);

    expect(error.reason).toBe(
      'action [cluster:admin/xpack/security/api_key/create] is unauthorized for API key id [x] of user [bob], this action is granted by the cluster privileges [manage_own_api_key,manage_api_key,manage_security,all]',
    );
  });

  it('lists [manage_api_key,manage_security,all] for invalidate when manage_own_api_key does not apply', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.invalidateApiKey, false);

    expect(error.reason).toBe(
      'action [cluster:admin/xpack/security/api_key/invalidate] is unauthorized for user [bob] with effective roles [], this action is granted by the cluster privileges [manage_api_key,manage_security,all]',
    );
  });

  it('lists [manage_own_api_key,manage_api_key,manage_security,all] for invalidate with owner:true', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.invalidateApiKey, true);

    expect(error.reason).toMatch(
      /granted by the cluster privileges \[manage_own_api_key,manage_api_key,manage_security,all\]$/,
    );
  });

  it('lists [read_security,manage_api_key,manage_security,all] for get without owner', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.getApiKey, false);

    expect(error.reason).toMatch(
      /granted by the cluster privileges \[read_security,manage_api_key,manage_security,all\]$/,
    );
  });

  it('lists manage_own_api_key before read_security for get with owner:true, in ES access-level order', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.getApiKey, true);

    expect(error.reason).toMatch(
      /granted by the cluster privileges \[manage_own_api_key,read_security,manage_api_key,manage_security,all\]$/,
    );
  });

  it('lists [grant_api_key,manage_api_key,manage_security,all] for grant', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.grantApiKey, false);

    expect(error.reason).toMatch(
      /granted by the cluster privileges \[grant_api_key,manage_api_key,manage_security,all\]$/,
    );
  });

  it('lists [manage_security,all] for put user', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.putUser, false);

    expect(error.reason).toMatch(/granted by the cluster privileges \[manage_security,all\]$/);
  });

  it('lists [read_security,manage_security,all] for get user', () => {
    const authentication = realmUser([], []);

    const error = actionUnauthorized(authentication, Action.getUsers, false);

    expect(error.reason).toMatch(
      /granted by the cluster privileges \[read_security,manage_security,all\]$/,
    );
  });

  it('sorts the effective role names alphabetically, as ES does', () => {
    const authentication = realmUser(['monitor'], ['zeta', 'alpha']);

    const error = actionUnauthorized(authentication, Action.putUser, false);

    expect(error.reason).toBe(
      'action [cluster:admin/xpack/security/user/put] is unauthorized for user [bob] with effective roles [alpha,zeta], this action is granted by the cluster privileges [manage_security,all]',
    );
  });
});

describe('requireAction', () => {
  it('returns the scope when the caller holds the action', () => {
    const authentication = realmUser(['manage_api_key']);

    const scope = requireAction(authentication, Action.getApiKey);

    expect(scope).toBe('all');
  });

  it('returns own when manage_own_api_key applies to the request', () => {
    const authentication = realmUser(['manage_own_api_key']);

    const scope = requireAction(authentication, Action.createApiKey, true);

    expect(scope).toBe('own');
  });

  it('throws 403 security_exception when only manage_own_api_key is held but it does not apply', () => {
    const authentication = realmUser(['manage_own_api_key']);

    const error = thrown(() => requireAction(authentication, Action.invalidateApiKey, false));

    expect({ status: error.status, type: error.type }).toEqual({
      status: 403,
      type: 'security_exception',
    });
  });

  it('throws unless told manage_own_api_key applies: the default is that it does not', () => {
    const authentication = realmUser(['manage_own_api_key']);

    const error = thrown(() => requireAction(authentication, Action.getApiKey));

    expect(error.status).toBe(403);
  });

  it('throws for a caller without the privilege even when manage_own_api_key would apply', () => {
    const authentication = realmUser([]);

    const error = thrown(() => requireAction(authentication, Action.createApiKey, true));

    expect(error.status).toBe(403);
  });
});

describe('application privileges across a role`s descriptors', () => {
  it('grants what any one descriptor grants', () => {
    const authentication: RealmAuthentication = {
      type: 'realm',
      user: user('bob', ['a', 'b']),
      realm: NATIVE_REALM,
      roleDescriptors: {
        a: role([], [{ application: 'app', privileges: ['read'], resources: ['*'] }]),
        b: role(['monitor']),
      },
    };

    const granted = hasApplicationPrivilege(authentication, 'app', 'read', '/x');

    expect(granted).toBe(true);
  });
});

describe('requireLimitedByAccess (ES: an API key needs manage_api_key or higher to see limited_by)', () => {
  it.each(['read_security', 'manage_own_api_key'])(
    'refuses an API key whose role is %s',
    (held) => {
      const authentication = apiKey({}, { owner: role([held]) });

      const error = thrown(() => requireLimitedByAccess(authentication, Action.getApiKey));

      expect(error.status).toBe(403);
      expect(error.reason).toContain(`[${Action.getApiKey}]`);
      // ES lists what would grant this very request: manage_own_api_key never shows an API key
      // its limited_by.
      expect(error.reason).toMatch(/granted by the cluster privileges \[.*manage_api_key/);
      expect(error.reason).not.toContain('manage_own_api_key');
    },
  );

  it.each(['manage_api_key', 'manage_security'])('allows an API key whose role is %s', (held) => {
    const authentication = apiKey({}, { owner: role([held]) });

    expect(() => requireLimitedByAccess(authentication, Action.getApiKey)).not.toThrow();
  });

  it('refuses an API key claiming manage_api_key when its owner holds only read_security', () => {
    const authentication = apiKey(
      { own: role(['manage_api_key']) },
      { owner: role(['read_security']) },
    );

    const error = thrown(() => requireLimitedByAccess(authentication, Action.queryApiKey));

    expect(error.status).toBe(403);
  });

  it('lets a user see limited_by with only the action`s own privilege', () => {
    expect(() =>
      requireLimitedByAccess(realmUser(['read_security']), Action.getApiKey),
    ).not.toThrow();
  });
});
