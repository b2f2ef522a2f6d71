import type { Owner } from '../core/security/authentication.js';

/** The owner index partition key. Realm names never contain `/`, so the split is unambiguous. */
export function ownerKey(owner: Owner): string {
  return `${owner.realm}/${owner.principal}`;
}

export const OWNER_INDEX = 'owner-creation';

/**
 * Whether a string can be a DynamoDB key at all (1 to 2,048 bytes). Anything else names no item,
 * and asking DynamoDB would only fail with a ValidationException.
 */
export function isStorableKey(value: string): boolean {
  return value.length > 0 && Buffer.byteLength(value, 'utf8') <= 2048;
}
