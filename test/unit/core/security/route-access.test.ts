import { describe, expect, it } from 'vitest';
import type {
  ApiKeyAuthentication,
  RealmAuthentication,
} from '../../../../functions/core/security/authentication.js';
import { NATIVE_REALM } from '../../../../functions/core/security/authentication.js';
import type { ApplicationPrivileges } from '../../../../functions/core/security/role-descriptor.js';
import {
  mayAccessRoute,
  requiredPrivilege,
} from '../../../../functions/core/security/route-access.js';

const USER = {
  username: 'bob',
  roles: ['r'],
  full_name: null,
  email: null,
  metadata: {},
  enabled: true,
};

function descriptor(applications: ApplicationPrivileges[]) {
  return { cluster: [], indices: [], applications, run_as: [], metadata: {} };
}

function realmUser(applications: ApplicationPrivileges[]): RealmAuthentication {
  return {
    type: 'realm',
    user: USER,
    realm: NATIVE_REALM,
    roleDescriptors: { r: descriptor(applications) },
  };
}

describe('requiredPrivilege', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get', 'Head', 'options'])('%s needs read', (method) => {
    expect(requiredPrivilege(method)).toBe('read');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'TRACE'])('%s needs write', (method) => {
    expect(requiredPrivilege(method)).toBe('write');
  });
});

describe('mayAccessRoute', () => {
  const reader = realmUser([
    { application: 'orders-api', privileges: ['read'], resources: ['/orders/*'] },
  ]);

  it.each([
    ['GET', '/orders/1', true],
    ['HEAD', '/orders/1', true],
    ['POST', '/orders/1', false],
    ['GET', '/invoices/1', false],
  ])('a read holder on /orders/*: %s %s is %s', (method, path, expected) => {
    expect(mayAccessRoute(reader, 'orders-api', method, path)).toBe(expected);
  });

  it('needs the privilege on the named application', () => {
    expect(mayAccessRoute(reader, 'billing-api', 'GET', '/orders/1')).toBe(false);
  });

  it('lets `all` and `*` cover every method', () => {
    for (const privilege of ['all', '*']) {
      const user = realmUser([
        { application: 'orders-api', privileges: [privilege], resources: ['*'] },
      ]);

      expect(mayAccessRoute(user, 'orders-api', 'DELETE', '/orders/1')).toBe(true);
      expect(mayAccessRoute(user, 'orders-api', 'GET', '/')).toBe(true);
    }
  });

  it('judges an API key on its own role within its owner`s', () => {
    const writer = descriptor([
      { application: 'orders-api', privileges: ['read', 'write'], resources: ['*'] },
    ]);
    const key: ApiKeyAuthentication = {
      type: 'api_key',
      user: USER,
      ownerRealm: NATIVE_REALM,
      apiKey: { id: 'k1', name: 'k', metadata: {} },
      roleDescriptors: { own: writer },
      limitedBy: reader.roleDescriptors,
    };

    expect(mayAccessRoute(key, 'orders-api', 'GET', '/orders/1')).toBe(true);
    expect(mayAccessRoute(key, 'orders-api', 'PUT', '/orders/1')).toBe(false);
  });
});
