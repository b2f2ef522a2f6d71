import type { ApiKeyRecord, Creator } from '../core/api-keys/api-key.js';
import { isJsonObject } from '../core/json-token.js';
import {
  boolean,
  encodeJson,
  type Fail,
  jsonObject,
  nullableString,
  number,
  optionalNumber,
  roleDescriptors,
  string,
} from './item-codec.js';
import { ownerKey } from './keys.js';

type OptionalKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never;
}[keyof T];

/**
 * Attributes an item may lack (`last_used` aside, which only its own write sets). A replace
 * updates the item in place, so it REMOVEs those its record does not have; the type makes a new
 * optional field of ApiKeyRecord a compile error until it is listed here.
 */
const REMOVABLE = {
  expiration_time: true,
  invalidation_time: true,
  delete_after: true,
  disabled: true,
} as const satisfies Record<Exclude<OptionalKeys<ApiKeyRecord>, 'last_used'>, true>;

export const OPTIONAL_ITEM_ATTRIBUTES = Object.keys(REMOVABLE);

/** The DynamoDB item of a key: JSON-valued fields as JSON text, plus the owner index key. */
export function toApiKeyItem(key: ApiKeyRecord): Record<string, unknown> {
  return {
    ...key,
    role_descriptors: encodeJson(key.role_descriptors),
    limited_by_role_descriptors: encodeJson(key.limited_by_role_descriptors),
    metadata: encodeJson(key.metadata),
    creator: encodeJson(key.creator),
    owner_key: ownerKey({ principal: key.creator.principal, realm: key.creator.realm }),
  };
}

function creator(item: Record<string, unknown>, fail: Fail): Creator {
  const value = jsonObject(item, 'creator', fail);
  const failIn: Fail = (detail) => fail(`[creator] field ${detail}`);
  return {
    principal: string(value, 'principal', failIn),
    realm: string(value, 'realm', failIn),
    realm_type: string(value, 'realm_type', failIn),
    full_name: nullableString(value, 'full_name', failIn),
    email: nullableString(value, 'email', failIn),
    metadata: jsonObject(value, 'metadata', failIn),
  };
}

/** Reads a key item back, checking every field: a malformed item fails, it is never guessed at. */
export function fromApiKeyItem(item: Record<string, unknown>, fail: Fail): ApiKeyRecord {
  if (!isJsonObject(item)) {
    return fail('not an object');
  }
  const id = string(item, 'id', fail);
  const failFor: Fail = (detail) => fail(`api key [${id}] ${detail}`);
  if (item['doc_type'] !== 'api_key' || item['type'] !== 'rest') {
    return failFor('is not a rest api key');
  }
  const key: ApiKeyRecord = {
    id,
    doc_type: 'api_key',
    type: 'rest',
    name: string(item, 'name', failFor),
    creation_time: number(item, 'creation_time', failFor),
    api_key_invalidated: boolean(item, 'api_key_invalidated', failFor),
    api_key_hash: string(item, 'api_key_hash', failFor),
    role_descriptors: roleDescriptors(item, 'role_descriptors', failFor),
    limited_by_role_descriptors: roleDescriptors(item, 'limited_by_role_descriptors', failFor),
    metadata: jsonObject(item, 'metadata', failFor),
    creator: creator(item, failFor),
    version: number(item, 'version', failFor),
  };
  const expiration = optionalNumber(item, 'expiration_time', failFor);
  if (expiration !== undefined) {
    key.expiration_time = expiration;
  }
  const invalidation = optionalNumber(item, 'invalidation_time', failFor);
  if (invalidation !== undefined) {
    key.invalidation_time = invalidation;
  }
  if (item['disabled'] !== undefined) {
    if (item['disabled'] !== true) {
      return failFor('[disabled] is not true');
    }
    key.disabled = true;
  }
  const deleteAfter = optionalNumber(item, 'delete_after', failFor);
  if (deleteAfter !== undefined) {
    key.delete_after = deleteAfter;
  }
  const lastUsed = optionalNumber(item, 'last_used', failFor);
  if (lastUsed !== undefined) {
    key.last_used = lastUsed;
  }
  return key;
}
