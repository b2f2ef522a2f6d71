import type { RoleDescriptors } from './role-descriptor.js';

export interface Realm {
  name: string;
  type: string;
}

export const RESERVED_REALM: Realm = { name: 'reserved', type: 'reserved' };
export const NATIVE_REALM: Realm = { name: 'default_native', type: 'native' };
/** ES's API_KEY_REALM_NAME and API_KEY_REALM_TYPE. */
export const API_KEY_REALM: Realm = { name: '_es_api_key', type: '_es_api_key' };

export interface User {
  username: string;
  roles: string[];
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
  enabled: boolean;
}

/** Principal plus realm: what "owning" an API key means in ES. */
export interface Owner {
  principal: string;
  realm: string;
}

export interface RealmAuthentication {
  type: 'realm';
  user: User;
  realm: Realm;
  /** The user's roles resolved to descriptors at authentication time. */
  roleDescriptors: RoleDescriptors;
}

export interface ApiKeyAuthentication {
  type: 'api_key';
  /** The key's owner, from the `creator` snapshot in the key. */
  user: User;
  ownerRealm: Realm;
  apiKey: { id: string; name: string; metadata: Record<string, unknown> };
  /** The key's assigned descriptors; empty means it inherits `limitedBy`. */
  roleDescriptors: RoleDescriptors;
  limitedBy: RoleDescriptors;
}

export type Authentication = RealmAuthentication | ApiKeyAuthentication;

export type Credentials =
  | { scheme: 'apikey'; id: string; secret: string }
  | { scheme: 'basic'; username: string; password: string };

export function ownerOf(authentication: Authentication): Owner {
  return authentication.type === 'api_key'
    ? { principal: authentication.user.username, realm: authentication.ownerRealm.name }
    : { principal: authentication.user.username, realm: authentication.realm.name };
}

/** The body of `GET /_security/_authenticate`, field for field as ES prints it. */
export function authenticateResponse(authentication: Authentication): Record<string, unknown> {
  const { user } = authentication;
  const body: Record<string, unknown> = {
    username: user.username,
    roles: authentication.type === 'api_key' ? [] : user.roles,
    full_name: user.full_name,
    email: user.email,
    metadata: user.metadata,
    enabled: user.enabled,
  };
  if (authentication.type === 'api_key') {
    body['authentication_realm'] = API_KEY_REALM;
    body['lookup_realm'] = API_KEY_REALM;
    body['authentication_type'] = 'api_key';
    body['api_key'] = { id: authentication.apiKey.id, name: authentication.apiKey.name };
  } else {
    body['authentication_realm'] = authentication.realm;
    body['lookup_realm'] = authentication.realm;
    body['authentication_type'] = 'realm';
  }
  return body;
}
