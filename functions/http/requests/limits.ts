import { validationFailed } from '../../core/errors.js';

/** Ids one invalidate or bulk update request may name. */
const MAX_IDS_PER_REQUEST = 10_000;
/** Characters in a name, username or realm name given as a filter or pattern. */
const MAX_FILTER_LENGTH = 1024;

/**
 * Refuses more ids than one request may carry. An id too long for any key is not refused: as in
 * ES, it is reported as not found (bulk update) or matches nothing (invalidate).
 */
export function checkIds(field: string, ids: readonly string[]): void {
  if (ids.length > MAX_IDS_PER_REQUEST) {
    throw validationFailed([
      `Field [${field}] may not contain more than [${MAX_IDS_PER_REQUEST}] ids, but got [${ids.length}]`,
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
