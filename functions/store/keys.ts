import type { Owner } from '../core/security/authentication.js';

/** The owner index partition key. Realm names never contain `/`, so the split is unambiguous. */
export function ownerKey(owner: Owner): string {
  return `${owner.realm}/${owner.principal}`;
}

export const OWNER_INDEX = 'owner-creation';
