import type { KeyLookup } from '../ports.js';
import { termLookup } from './query/access-plan.js';

/**
 * The index lookup for get and invalidate's filters (ES's `name` is exact, `prefix*` or `*`);
 * undefined when nothing but the owner or nothing at all narrows the keys.
 */
export function getLookup(filter: {
  name?: string;
  username?: string;
  realmName?: string;
}): KeyLookup | undefined {
  const pattern = filter.name === '*' ? undefined : filter.name;
  const prefix = pattern?.endsWith('*') ? pattern.slice(0, -1) : undefined;
  return termLookup({
    name: prefix === undefined ? pattern : undefined,
    namePrefix: prefix,
    // An empty username or realm filters nothing (as keyFilter reads them).
    username: filter.username || undefined,
    realm: filter.realmName || undefined,
  });
}
