import { illegalArgument } from '../../errors.js';
import { isJsonObject } from '../../json-token.js';
import type { ApiKeyRecord } from '../api-key.js';
import { formatDate, parseDateMath, validateDateFormat } from './dates.js';
import { type FieldValue, type QueryField, resolveField } from './fields.js';
import { scalarValue } from './query-dsl.js';
import { compareValues } from './query-matcher.js';

/** Long.MAX_VALUE / MIN_VALUE: ES's sort value for a missing date or boolean. */
export const LONG_MAX = 9223372036854775807n;
export const LONG_MIN = -9223372036854775808n;

export interface SortSpec {
  /** Undefined for `_doc` (index order). */
  field: QueryField | undefined;
  descending: boolean;
  /** `first`, `last`, or the sort key a key without the field takes. */
  missing: 'first' | 'last' | SortKey;
  mode: 'min' | 'max';
  format: string | undefined;
}

/** A sort value inside the engine: a missing numeric is ±Infinity, a missing keyword null. */
type SortKey = string | number | null;

function orderOf(value: unknown): boolean {
  const text = typeof value === 'string' ? value.toLowerCase() : value;
  if (text === undefined || text === 'asc') {
    return false;
  }
  if (text === 'desc') {
    return true;
  }
  throw illegalArgument(`Unknown SortOrder [${String(value)}]`);
}

const SORT_OPTIONS = ['order', 'missing', 'mode', 'format', 'unmapped_type', 'numeric_type'];

/** One element of `sort`: `"field"`, `{"field": "desc"}` or `{"field": {"order": ..., ...}}`. */
export function parseSortElement(element: unknown, now: number): SortSpec {
  let name: string;
  let options: Record<string, unknown> = {};
  if (typeof element === 'string') {
    name = element;
  } else if (isJsonObject(element)) {
    const entries = Object.entries(element);
    if (entries.length !== 1) {
      throw illegalArgument('mal-formatted sort object');
    }
    const [key, value] = entries[0] as [string, unknown];
    name = key;
    if (typeof value === 'string') {
      options = { order: value };
    } else if (isJsonObject(value)) {
      options = value;
      for (const option of Object.keys(options)) {
        if (option === 'nested' || option === 'nested_path' || option === 'nested_filter') {
          throw illegalArgument('nested sorting is not currently supported in this context');
        }
        if (!SORT_OPTIONS.includes(option)) {
          throw illegalArgument(`[field_sort] unknown field [${option}]`);
        }
      }
    } else {
      throw illegalArgument('mal-formatted sort object');
    }
  } else {
    throw illegalArgument('mal-formatted sort object');
  }
  const descending = orderOf(options['order']);
  const field = name === '_doc' ? undefined : resolveField(name);
  const missing = scalarValue(options['missing']);
  if (
    missing !== undefined &&
    missing !== null &&
    typeof missing !== 'string' &&
    typeof missing !== 'number' &&
    typeof missing !== 'boolean'
  ) {
    throw illegalArgument(
      `[missing] must be _first, _last or a value, got [${JSON.stringify(missing)}]`,
    );
  }
  const requestedMode = String(options['mode'] ?? (descending ? 'max' : 'min')).toLowerCase();
  if (!['min', 'max', 'avg', 'sum', 'median'].includes(requestedMode)) {
    throw illegalArgument(`Unknown SortMode [${requestedMode}]`);
  }
  if (requestedMode !== 'min' && requestedMode !== 'max' && field?.type === 'keyword') {
    throw illegalArgument(
      `sort mode [${requestedMode}] is not supported for field [${name}] of type [keyword]`,
    );
  }
  // Date and boolean fields hold one value per key, so every numeric mode picks that value.
  const mode = requestedMode === 'max' ? 'max' : 'min';
  const format = typeof options['format'] === 'string' ? options['format'] : undefined;
  if (format !== undefined && field?.type === 'date') {
    validateDateFormat(format);
  }
  return {
    field,
    descending,
    missing:
      missing === undefined || missing === null || missing === '_last'
        ? 'last'
        : missing === '_first'
          ? 'first'
          : missingKey(field, missing, now),
    mode,
    format,
  };
}

/** A custom `missing` sort value, read as the field's type. */
function missingKey(field: QueryField | undefined, value: FieldValue, now: number): SortKey {
  if (!field || field.type === 'keyword') {
    return String(value);
  }
  if (field.type === 'boolean') {
    return value === true || value === 'true' ? 1 : 0;
  }
  if (typeof value === 'boolean') {
    throw illegalArgument(`[missing] must be a date for field [${field.name}]`);
  }
  return parseDateMath(value, { now });
}

function numeric(value: FieldValue): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
}

/** The sort key of one key for one spec, with `missing` applied. */
function sortKey(spec: SortSpec, key: ApiKeyRecord): SortKey {
  if (!spec.field) {
    return key.creation_time;
  }
  const field = spec.field;
  const values = field.values(key);
  if (values.length > 0) {
    const picked = values.reduce((a, b) => {
      const order = compareValues(a, b);
      return (spec.mode === 'min' ? order <= 0 : order >= 0) ? a : b;
    });
    return field.type === 'keyword' ? String(picked) : numeric(picked);
  }
  if (spec.missing === 'first' || spec.missing === 'last') {
    if (field.type === 'keyword') {
      return null;
    }
    const atEnd = spec.missing === 'last';
    return atEnd !== spec.descending ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  return spec.missing;
}

function compareKeys(spec: SortSpec, a: SortKey, b: SortKey): number {
  if (a === null || b === null) {
    if (a === b) {
      return 0;
    }
    // A missing keyword goes last (or first) whatever the order.
    const missingFirst = spec.missing === 'first';
    return a === null ? (missingFirst ? -1 : 1) : missingFirst ? 1 : -1;
  }
  const order =
    typeof a === 'string'
      ? compareValues(a, b as string)
      : a === b
        ? 0
        : a < (b as number)
          ? -1
          : 1;
  return spec.descending ? -order : order;
}

/** A key with its sort values computed once. */
export interface SortedKey {
  key: ApiKeyRecord;
  sortKeys: SortKey[];
}

export function withSortKeys(specs: readonly SortSpec[], key: ApiKeyRecord): SortedKey {
  return { key, sortKeys: specs.map((spec) => sortKey(spec, key)) };
}

/** Orders by the specs, then by creation and id: a stable "index order" for ties. */
export function compareSorted(specs: readonly SortSpec[], a: SortedKey, b: SortedKey): number {
  const bySpecs = compareSortKeys(specs, a.sortKeys, b.sortKeys);
  if (bySpecs !== 0) {
    return bySpecs;
  }
  return (
    a.key.creation_time - b.key.creation_time ||
    (a.key.id < b.key.id ? -1 : a.key.id > b.key.id ? 1 : 0)
  );
}

export function compareSortKeys(
  specs: readonly SortSpec[],
  a: readonly SortKey[],
  b: readonly SortKey[],
): number {
  for (let i = 0; i < specs.length; i += 1) {
    const order = compareKeys(specs[i] as SortSpec, a[i] as SortKey, b[i] as SortKey);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

/** `search_after` values back into sort keys, accepting what `_sort` printed. */
export function parseSearchAfter(
  specs: readonly SortSpec[],
  values: readonly unknown[],
  now: number,
): SortKey[] {
  if (values.length !== specs.length) {
    throw illegalArgument(
      `search_after has ${values.length} value(s) but sort has ${specs.length}.`,
    );
  }
  return specs.map((spec, i) => {
    const value = scalarValue(values[i]);
    if (spec.field?.type === 'keyword') {
      if (value !== null && value !== undefined && typeof value === 'object') {
        throw illegalArgument(`Failed to parse search_after value for field [${spec.field.name}]`);
      }
      return value === null || value === undefined ? null : String(value);
    }
    if (typeof value === 'boolean') {
      return value ? 1 : 0;
    }
    if (typeof value === 'number') {
      return value >= 9.2e18
        ? Number.POSITIVE_INFINITY
        : value <= -9.2e18
          ? Number.NEGATIVE_INFINITY
          : value;
    }
    if (typeof value === 'string' && /^-?\d{19,}$/.test(value)) {
      return value.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    if (typeof value === 'string' && spec.field?.type === 'date') {
      return parseDateMath(value, {
        now,
        ...(spec.format === undefined ? {} : { format: `${spec.format}||epoch_millis` }),
      });
    }
    if (typeof value === 'string' && /^-?\d+$/.test(value)) {
      return Number(value);
    }
    throw illegalArgument(
      `Failed to parse search_after value [${String(value)}] for field [${spec.field?.name ?? '_doc'}]`,
    );
  });
}

/** The `_sort` array of a hit, as ES prints sort values. */
export function sortValuesJson(specs: readonly SortSpec[], keys: readonly SortKey[]): unknown[] {
  return specs.map((spec, i) => {
    const value = keys[i] as SortKey;
    if (value === Number.POSITIVE_INFINITY) {
      return LONG_MAX;
    }
    if (value === Number.NEGATIVE_INFINITY) {
      return LONG_MIN;
    }
    if (spec.field?.type === 'date' && spec.format !== undefined && typeof value === 'number') {
      return formatDate(value, spec.format);
    }
    return value;
  });
}
