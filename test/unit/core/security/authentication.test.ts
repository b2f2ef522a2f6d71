import { describe, expect, it } from 'vitest';
import {
  API_KEY_REALM,
  type ApiKeyAuthentication,
  authenticateResponse,
  NATIVE_REALM,
  ownerOf,
  RESERVED_REALM,
  type RealmAuthentication,
} from '../../../../functions/core/security/authentication.js';

const USER = {
  username: 'bob',
  roles: ['writer', 'admin'],
  full_name: 'Bob B',
  email: 'bob@example.com',
  metadata: { team: 'a' },
  enabled: true,
};

const realmUser: RealmAuthentication = {
  type: 'realm',
  user: USER,
  realm: NATIVE_REALM,
  roleDescriptors: {},
};

const apiKey: ApiKeyAuthentication = {
  type: 'api_key',
  user: USER,
  ownerRealm: RESERVED_REALM,
  apiKey: { id: 'k1', name: 'my-key', metadata: { x: 1 } },
  roleDescriptors: {},
  limitedBy: {},
};

describe('realms', () => {
  it('are named and typed as ES names them', () => {
    expect(NATIVE_REALM).toEqual({ name: 'default_native', type: 'native' });
    expect(RESERVED_REALM).toEqual({ name: 'reserved', type: 'reserved' });
    expect(API_KEY_REALM).toEqual({ name: '_es_api_key', type: '_es_api_key' });
  });
});

describe('ownerOf', () => {
  it('is the user and realm for a realm user', () => {
    expect(ownerOf(realmUser)).toEqual({ principal: 'bob', realm: 'default_native' });
  });

  it('is the creator and the creator`s realm for an API key, not the API key realm', () => {
    expect(ownerOf(apiKey)).toEqual({ principal: 'bob', realm: 'reserved' });
  });
});

describe('GET /_security/_authenticate body', () => {
  it('for a realm user: its roles and its realm', () => {
    expect(authenticateResponse(realmUser)).toEqual({
      username: 'bob',
      roles: ['writer', 'admin'],
      full_name: 'Bob B',
      email: 'bob@example.com',
      metadata: { team: 'a' },
      enabled: true,
      authentication_realm: { name: 'default_native', type: 'native' },
      lookup_realm: { name: 'default_native', type: 'native' },
      authentication_type: 'realm',
    });
  });

  it('for an API key: no roles, the API key realm and the key`s id and name', () => {
    expect(authenticateResponse(apiKey)).toEqual({
      username: 'bob',
      roles: [],
      full_name: 'Bob B',
      email: 'bob@example.com',
      metadata: { team: 'a' },
      enabled: true,
      authentication_realm: { name: '_es_api_key', type: '_es_api_key' },
      lookup_realm: { name: '_es_api_key', type: '_es_api_key' },
      authentication_type: 'api_key',
      api_key: { id: 'k1', name: 'my-key' },
    });
  });
});
