import type { GetApiKeysQuery } from '../../core/api-keys/api-key-service.js';
import type { QueryParams } from '../es-handler.js';
import { checkFilterLength } from './limits.js';

export const GET_API_KEYS_PARAMS = [
  'id',
  'name',
  'username',
  'realm_name',
  'owner',
  'with_limited_by',
  'active_only',
  'with_profile_uid',
];

/** `GET /_security/api_key` query parameters. */
export function parseGetApiKeys(query: QueryParams): GetApiKeysQuery {
  const text = (name: string) => {
    const value = query.string(name);
    return value === undefined || value === '' ? undefined : value;
  };
  const id = text('id');
  const name = text('name');
  const username = text('username');
  const realmName = text('realm_name');
  checkFilterLength('Parameter', 'id', id);
  checkFilterLength('Parameter', 'name', name);
  checkFilterLength('Parameter', 'username', username);
  checkFilterLength('Parameter', 'realm_name', realmName);
  return {
    ...(id === undefined ? {} : { id }),
    ...(name === undefined ? {} : { name }),
    ...(username === undefined ? {} : { username }),
    ...(realmName === undefined ? {} : { realmName }),
    owner: query.boolean('owner', false),
    withLimitedBy: query.boolean('with_limited_by', false),
    activeOnly: query.boolean('active_only', false),
  };
}
