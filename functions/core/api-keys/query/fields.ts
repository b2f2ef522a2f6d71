import { illegalArgument } from '../../errors.js';
import { JsonNumberText } from '../../json-number.js';
import { compileWildcard } from '../../security/wildcard.js';
import type { ApiKeyRecord } from '../api-key.js';

export type FieldType = 'keyword' | 'date' | 'boolean';
export type FieldValue = string | number | boolean;

/** A queryable API key field: its ES type and how to read its indexed values from a record. */
export interface QueryField {
  /** The name the caller used, e.g. `creation` or `metadata.env`. */
  name: string;
  /** ES's index-level name, used where ES quotes it (type errors). */
  indexName: string;
  type: FieldType;
  values(key: ApiKeyRecord): FieldValue[];
  /** Not an ES field: matched only when named exactly, never by a pattern such as `*`. */
  extension?: boolean;
}

const single = (value: FieldValue | undefined): FieldValue[] =>
  value === undefined ? [] : [value];

/** The fixed fields, in ES's translator order. */
const FIXED: readonly QueryField[] = [
  {
    name: 'username',
    indexName: 'creator.principal',
    type: 'keyword',
    values: (key) => [key.creator.principal],
  },
  {
    name: 'realm_name',
    indexName: 'creator.realm',
    type: 'keyword',
    values: (key) => [key.creator.realm],
  },
  { name: 'name', indexName: 'name', type: 'keyword', values: (key) => [key.name] },
  {
    name: 'type',
    indexName: 'runtime_key_type',
    type: 'keyword',
    values: (key) => [key.type],
  },
  {
    name: 'creation',
    indexName: 'creation_time',
    type: 'date',
    values: (key) => [key.creation_time],
  },
  {
    name: 'expiration',
    indexName: 'expiration_time',
    type: 'date',
    values: (key) => single(key.expiration_time),
  },
  {
    name: 'invalidated',
    indexName: 'api_key_invalidated',
    type: 'boolean',
    values: (key) => [key.api_key_invalidated],
  },
  {
    name: 'invalidation',
    indexName: 'invalidation_time',
    type: 'date',
    values: (key) => single(key.invalidation_time),
  },
  // When the key last authenticated, at API_KEY_LAST_USED_RESOLUTION.
  {
    name: 'last_used',
    indexName: 'last_used',
    type: 'date',
    values: (key) => single(key.last_used),
    extension: true,
  },
];

/**
 * Fields of this service's extensions: queryable by their exact name only, so that a field
 * pattern such as `*` matches what it matches in ES.
 */
const EXTENSIONS: readonly QueryField[] = [
  {
    name: 'disabled',
    indexName: 'disabled',
    type: 'boolean',
    values: (key) => [key.disabled === true],
  },
];

const BY_NAME = new Map([...FIXED, ...EXTENSIONS].map((field) => [field.name, field]));

/** A flattened leaf as ES indexes it: a keyword holding the value's text (a big number's literal). */
function leafText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof JsonNumberText) {
    return String(value);
  }
  return undefined;
}

/**
 * ES's `flattened` field: every leaf under `path` (arrays are transparent), and with an empty
 * path every leaf at any depth. Only leaves exactly at `path` count, not leaves below it.
 * Walks with an explicit stack, so stored metadata of any depth cannot overflow the call stack.
 */
export function flattenedValues(metadata: Record<string, unknown>, path: string[]): string[] {
  const out: string[] = [];
  // `rest` is an offset into `path`; -1 means every leaf below. Visits come out in document order.
  const stack: Array<{ value: unknown; rest: number }> = [
    { value: metadata, rest: path.length === 0 ? -1 : 0 },
  ];
  while (stack.length > 0) {
    const { value, rest } = stack.pop() as { value: unknown; rest: number };
    if (value !== null && typeof value === 'object' && !(value instanceof JsonNumberText)) {
      const children: Array<{ value: unknown; rest: number }> = [];
      if (Array.isArray(value)) {
        for (const item of value) {
          children.push({ value: item, rest });
        }
      } else if (rest < 0) {
        for (const item of Object.values(value)) {
          children.push({ value: item, rest });
        }
      } else if (rest < path.length) {
        // Keys may themselves contain dots: try every split of the remaining path.
        for (let take = 1; rest + take <= path.length; take += 1) {
          const key = path.slice(rest, rest + take).join('.');
          if (Object.hasOwn(value, key)) {
            children.push({ value: (value as Record<string, unknown>)[key], rest: rest + take });
          }
        }
      }
      for (let i = children.length - 1; i >= 0; i -= 1) {
        stack.push(children[i] as { value: unknown; rest: number });
      }
      continue;
    }
    if (rest < 0 || rest === path.length) {
      const text = leafText(value);
      if (text !== undefined) {
        out.push(text);
      }
    }
  }
  return out;
}

function metadataField(name: string): QueryField {
  const path = name === 'metadata' ? [] : name.slice('metadata.'.length).split('.');
  return {
    name,
    indexName: name === 'metadata' ? 'metadata_flattened' : `metadata_flattened.${path.join('.')}`,
    type: 'keyword',
    values: (key) => flattenedValues(key.metadata, path),
  };
}

function isMetadata(name: string): boolean {
  return name === 'metadata' || (name.startsWith('metadata.') && name.length > 'metadata.'.length);
}

/** Resolves a field named in a query, sort or aggregation, with ES's 400s for anything else. */
export function resolveField(name: string): QueryField {
  if (name.includes('*')) {
    throw illegalArgument(
      `Field name pattern [${name}] is not allowed for querying or aggregation`,
    );
  }
  const field = BY_NAME.get(name) ?? (isMetadata(name) ? metadataField(name) : undefined);
  if (!field) {
    throw illegalArgument(`Field [${name}] is not allowed for querying or aggregation`);
  }
  return field;
}

/** simple_query_string's field patterns: every allowed field whose name matches; unknown ones drop out. */
export function expandFieldPattern(pattern: string): QueryField[] {
  // ES's simple match: only `*` is special, so `?` and `\` are escaped for the wildcard matcher.
  const matches = compileWildcard(pattern.replace(/[\\?]/g, '\\$&'), { escapes: true });
  const fixed = FIXED.filter(
    (field) => matches(field.name) && (!field.extension || field.name === pattern),
  );
  if (matches('metadata')) {
    return [...fixed, metadataField('metadata')];
  }
  if (!pattern.includes('*') && isMetadata(pattern)) {
    return [metadataField(pattern)];
  }
  const extension = EXTENSIONS.find((field) => field.name === pattern);
  return extension ? [...fixed, extension] : fixed;
}
