import { JsonNumberText, jsonNumber } from './json-number.js';

/**
 * Compact JSON text of a value, keeping key order, writing a bigint or a JsonNumberText as the
 * number it stands for, and leaving out undefined properties as JSON.stringify does.
 */
export function compactJson(value: unknown): string {
  if (typeof value === 'bigint' || value instanceof JsonNumberText) {
    return value.toString();
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => compactJson(item === undefined ? null : item)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return compactJson((value as { toJSON: () => unknown }).toJSON());
    }
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${compactJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface ReviverContext {
  source?: string;
}

/**
 * Parses JSON text written by compactJson back into the same value: numbers a double cannot hold
 * come back as JsonNumberText, and any key (`__proto__` included) is an ordinary own property.
 */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: ReviverContext) =>
    typeof value === 'number' && context?.source !== undefined ? jsonNumber(context.source) : value,
  );
}
