import { foldCase } from '../../security/wildcard.js';
import type { ApiKeyRecord } from '../api-key.js';
import type { FieldValue } from './fields.js';
import type { Bound, Query } from './query-dsl.js';

/**
 * Orders two strings as Lucene orders keywords, by their UTF-8 bytes, which is code point order
 * (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF).
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) {
    i += 1;
  }
  if (i === a.length || i === b.length) {
    return a.length - b.length;
  }
  return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
}

/** Orders two values of one field: strings as Lucene does, dates as numbers, false before true. */
export function compareValues(a: FieldValue, b: FieldValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return compareStrings(a, b);
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
      const prefix = query.caseInsensitive ? foldCase(query.prefix) : query.prefix;
      return query.field
        .values(key)
        .some((value) =>
          (query.caseInsensitive ? foldCase(String(value)) : String(value)).startsWith(prefix),
        );
    }
    case 'wildcard':
      return query.field.values(key).some((value) => query.matches(String(value)));
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
