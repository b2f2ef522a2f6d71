import type { Owner } from '../core/security/authentication.js';

/** The owner index partition key. Realm names never contain `/`, so the split is unambiguous. */
export function ownerKey(owner: Owner): string {
  return `${owner.realm}/${owner.principal}`;
}

export const OWNER_INDEX = 'owner-creation';

/** Every key, in creation order; projects only `delete_after` (docs/storage.md). */
export const CREATION_INDEX = 'all-creation';
/** Every key, by name. */
export const NAME_INDEX = 'all-name';
/** Every key, by owner key (`<realm>/<username>`). */
export const OWNER_KEY_INDEX = 'all-owner';

/** The partition of the all-keys indexes: the `doc_type` every key item carries. */
export const API_KEY_DOC_TYPE = 'api_key';

/**
 * Whether a string can be a DynamoDB key at all (1 to 2,048 bytes). Anything else names no item,
 * and asking DynamoDB would only fail with a ValidationException.
 */
export function isStorableKey(value: string): boolean {
  return value.length > 0 && Buffer.byteLength(value, 'utf8') <= 2048;
}

/** Whether a string can be compared with a sort key (at most 1,024 bytes, well-formed UTF-16). */
export function isSortKeyValue(value: string): boolean {
  const bytes = Buffer.from(value, 'utf8');
  // A lone surrogate has no UTF-8 form: it comes back as U+FFFD.
  return bytes.length <= 1024 && bytes.toString('utf8') === value;
}
