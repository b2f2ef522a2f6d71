import { JsonNumberText } from './json-number.js';

/** Jackson's token name for a JSON value, which ES quotes in its type-mismatch errors. */
export function jsonTokenName(value: unknown): string {
  if (value === null) {
    return 'VALUE_NULL';
  }
  if (Array.isArray(value)) {
    return 'START_ARRAY';
  }
  if (value instanceof JsonNumberText) {
    return 'VALUE_NUMBER';
  }
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    default:
      return 'START_OBJECT';
  }
}

/** A parsed JSON value before it is checked: the one name for it across request parsers. */
export type Json = unknown;

/** The object members of `T`; for `unknown` (or `Json`), any string-keyed record. */
export type JsonObjectOf<T> = unknown extends T
  ? Record<string, Json>
  : Exclude<Extract<T, object>, readonly unknown[] | JsonNumberText>;

/**
 * A JSON object (not null, not an array, not a number kept as text): the one guard request parsers use. It narrows `Json`
 * to a record and a typed JSON union (such as the HTTP layer's `JsonValue`) to its object member.
 */
export function isJsonObject<T>(value: T): value is T & JsonObjectOf<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof JsonNumberText)
  );
}
