import type { ApiKeyRecord } from '../api-key.js';
import type { FieldValue } from './fields.js';
import type { Bound, Query } from './query-dsl.js';

/** Orders two values of one field: strings by code unit, dates as numbers, false before true. */
export function compareValues(a: FieldValue, b: FieldValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return Number(a) - Number(b);
}

function withinBounds(value: FieldValue, lower?: Bound, upper?: Bound): boolean {
  if (lower) {
    const order = compareValues(value, lower.value);
    if (order < 0 || (order === 0 && !lower.inclusive)) {
      return false;
    }
  }
  if (upper) {
    const order = compareValues(value, upper.value);
    if (order > 0 || (order === 0 && !upper.inclusive)) {
      return false;
    }
  }
  return true;
}

/** Whether a stored key matches a parsed query: ES's semantics over the key's indexed values. */
export function matches(query: Query, key: ApiKeyRecord): boolean {
  switch (query.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'ids':
      return query.ids.has(key.id);
    case 'exists':
      return query.field.values(key).length > 0;
    case 'term': {
      const wanted = query.value;
      return query.field
        .values(key)
        .some((value) =>
          query.caseInsensitive && typeof value === 'string' && typeof wanted === 'string'
            ? value.toLowerCase() === wanted.toLowerCase()
            : value === wanted,
        );
    }
    case 'prefix': {
      const prefix = query.caseInsensitive ? query.prefix.toLowerCase() : query.prefix;
      return query.field
        .values(key)
        .some((value) =>
          (query.caseInsensitive ? String(value).toLowerCase() : String(value)).startsWith(prefix),
        );
    }
    case 'wildcard':
      return query.field.values(key).some((value) => query.pattern.test(String(value)));
    case 'range':
      return query.field.values(key).some((value) => withinBounds(value, query.lower, query.upper));
    case 'bool': {
      if (!query.must.every((clause) => matches(clause, key))) {
        return false;
      }
      if (!query.filter.every((clause) => matches(clause, key))) {
        return false;
      }
      if (query.mustNot.some((clause) => matches(clause, key))) {
        return false;
      }
      if (query.minimumShouldMatch === 0) {
        return true;
      }
      let matched = 0;
      for (const clause of query.should) {
        if (matches(clause, key)) {
          matched += 1;
          if (matched >= query.minimumShouldMatch) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
