/** Jackson's token name for a JSON value, which ES quotes in its type-mismatch errors. */
export function jsonTokenName(value: unknown): string {
  if (value === null) {
    return 'VALUE_NULL';
  }
  if (Array.isArray(value)) {
    return 'START_ARRAY';
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

/** A JSON object (not null, not an array), as request parsers test values. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
