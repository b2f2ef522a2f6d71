import { JsonNumberText } from '../json-number.js';
import { compactJson } from '../json-text.js';

/** Key order and absent-vs-undefined fields do not matter; array order does. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (typeof value === 'object' && value !== null && !(value instanceof JsonNumberText)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, canonical(item)]),
    );
  }
  return value;
}

/**
 * Whether two JSON values are equal, as ES compares stored and requested documents. Numbers kept
 * as text compare by their literal, never equal to an object that happens to hold that text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return compactJson(canonical(a)) === compactJson(canonical(b));
}
