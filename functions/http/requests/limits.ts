import { validationFailed } from '../../core/errors.js';

/** Ids one invalidate or bulk update request may name. */
export const MAX_IDS_PER_REQUEST = 10_000;
/** Characters in one API key id (ES makes 20-character ids). */
export const MAX_ID_LENGTH = 1024;
/** Characters in a name, username or realm name given as a filter or pattern. */
export const MAX_FILTER_LENGTH = 1024;

/** Refuses more ids than one request may carry, or an id no key can have. */
export function checkIds(field: string, ids: readonly string[]): void {
  if (ids.length > MAX_IDS_PER_REQUEST) {
    throw validationFailed([
      `Field [${field}] may not contain more than [${MAX_IDS_PER_REQUEST}] ids, but got [${ids.length}]`,
    ]);
  }
  const long = ids.findIndex((id) => id.length > MAX_ID_LENGTH);
  if (long >= 0) {
    throw validationFailed([
      `Field [${field}] must not contain an id longer than [${MAX_ID_LENGTH}] characters, but got one at index position: [${long}]`,
    ]);
  }
}

/** Refuses a filter value (a name pattern, a username, a realm name) over MAX_FILTER_LENGTH. */
export function checkFilterLength(
  kind: 'Field' | 'Parameter',
  name: string,
  value: string | undefined,
): void {
  if (value !== undefined && value.length > MAX_FILTER_LENGTH) {
    throw validationFailed([
      `${kind} [${name}] may not be more than [${MAX_FILTER_LENGTH}] characters long, but got [${value.length}]`,
    ]);
  }
}
