import { EsError, illegalArgument } from '../../errors.js';
import { JsonNumberText } from '../../json-number.js';
import { isJsonObject, type Json, jsonTokenName } from '../../json-token.js';
import { compileWildcard } from '../../security/wildcard.js';
import { parseDateMath, validateDateFormat } from './dates.js';
import { type FieldValue, type QueryField, resolveField } from './fields.js';
import { parseSimpleQueryString } from './simple-query-string.js';

export interface Bound {
  value: FieldValue;
  inclusive: boolean;
}

/** The API key query DSL after parsing: fields resolved, dates resolved to epoch ms. */
export type Query =
  | { kind: 'all' }
  | { kind: 'none' }
  | {
      kind: 'bool';
      must: Query[];
      filter: Query[];
      should: Query[];
      mustNot: Query[];
      /** How many `should` clauses must match. */
      minimumShouldMatch: number;
    }
  | { kind: 'ids'; ids: ReadonlySet<string> }
  | { kind: 'exists'; field: QueryField }
  | { kind: 'term'; field: QueryField; value: FieldValue; caseInsensitive: boolean }
  | { kind: 'prefix'; field: QueryField; prefix: string; caseInsensitive: boolean }
  | { kind: 'wildcard'; field: QueryField; matches: (value: string) => boolean }
  | { kind: 'range'; field: QueryField; lower?: Bound; upper?: Bound };

type JsonMap = Record<string, Json>;

export interface QueryContext {
  /** Epoch ms that `now` resolves to, fixed for the whole request. */
  now: number;
}

/** ES's `indices.query.bool.max_nested_depth` default: how many queries may nest in one another. */
export const MAX_NESTED_DEPTH = 30;

export const NESTED_DEPTH_REASON =
  'The nested depth of the query exceeds the maximum nested depth for queries set in [indices.query.bool.max_nested_depth]';

export function parsingException(reason: string): EsError {
  return new EsError(400, 'parsing_exception', reason);
}

/** Every query ES knows; the ones the API key query does not support get ES's translation error. */
const KNOWN_QUERIES = new Set([
  'bool',
  'boosting',
  'combined_fields',
  'constant_score',
  'dis_max',
  'distance_feature',
  'exists',
  'function_score',
  'fuzzy',
  'geo_bounding_box',
  'geo_distance',
  'geo_grid',
  'geo_polygon',
  'geo_shape',
  'has_child',
  'has_parent',
  'ids',
  'intervals',
  'knn',
  'match',
  'match_all',
  'match_bool_prefix',
  'match_none',
  'match_phrase',
  'match_phrase_prefix',
  'more_like_this',
  'multi_match',
  'nested',
  'parent_id',
  'percolate',
  'pinned',
  'prefix',
  'query_string',
  'range',
  'rank_feature',
  'regexp',
  'script',
  'script_score',
  'semantic',
  'shape',
  'simple_query_string',
  'span_containing',
  'span_field_masking',
  'span_first',
  'span_multi',
  'span_near',
  'span_not',
  'span_or',
  'span_term',
  'span_within',
  'sparse_vector',
  'term',
  'terms',
  'terms_set',
  'text_expansion',
  'weighted_tokens',
  'wildcard',
  'wrapper',
]);

function unsupported(type: string): EsError {
  return illegalArgument(`Query type [${type}] is not currently supported in this context`);
}

function onlyKeys(query: string, object: JsonMap, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw parsingException(`[${query}] query does not support [${key}]`);
    }
  }
}

/** A JSON object of the request; a big number (JsonNumberText) is a scalar, not an object. */

/**
 * A request value as the query reads it: a number a double cannot hold (JsonNumberText) stands
 * for its exact literal, as ES reads a number into a keyword term; anything else is unchanged.
 */
export function scalarValue(value: Json): Json {
  return value instanceof JsonNumberText ? value.text : value;
}

function isScalar(value: Json): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function parseBoolean(value: Json): boolean {
  if (value === true || value === 'true') {
    return true;
  }
  if (value === false || value === 'false' || value === '') {
    return false;
  }
  throw illegalArgument(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
}

/** Coerces a query value to the field's type; dates give a [start, end] pair for rounding math. */
function fieldValue(
  field: QueryField,
  value: string | number | boolean,
  context: QueryContext,
  rounding: 'down' | 'up' = 'down',
  format?: string,
  timeZone?: string,
): FieldValue {
  switch (field.type) {
    case 'keyword':
      return String(value);
    case 'boolean':
      return parseBoolean(value);
    case 'date':
      if (typeof value === 'boolean') {
        throw illegalArgument(`failed to parse date field [${value}] with format [epoch_millis]`);
      }
      return parseDateMath(value, {
        now: context.now,
        rounding,
        ...(format === undefined ? {} : { format }),
        ...(timeZone === undefined ? {} : { timeZone }),
      });
  }
}

/** A term on a field; on a date, `now/d`-style rounding makes it the whole rounded unit. */
export function termQuery(
  field: QueryField,
  value: string | number | boolean,
  context: QueryContext,
  caseInsensitive = false,
): Query {
  if (field.type === 'date') {
    const lower = fieldValue(field, value, context, 'down');
    const upper = fieldValue(field, value, context, 'up');
    return {
      kind: 'range',
      field,
      lower: { value: lower, inclusive: true },
      upper: { value: upper, inclusive: true },
    };
  }
  return { kind: 'term', field, value: fieldValue(field, value, context), caseInsensitive };
}

/** `{"field": value}` or `{"field": {valueKey: value, ...options}}`, ES's single-field query shape. */
function singleField(
  query: string,
  body: JsonMap,
  valueKeys: readonly string[],
  options: readonly string[],
): { field: string; value: Json; options: JsonMap } {
  const entries = Object.entries(body).filter(([key]) => key !== 'boost' && key !== '_name');
  if (entries.length === 0) {
    throw parsingException(`[${query}] query requires a field name`);
  }
  if (entries.length > 1) {
    throw parsingException(
      `[${query}] query doesn't support multiple fields, found [${entries[0]?.[0]}] and [${entries[1]?.[0]}]`,
    );
  }
  const [field, raw] = entries[0] as [string, Json];
  if (!isJsonObject(raw)) {
    return { field, value: raw, options: {} };
  }
  onlyKeys(query, raw, [...valueKeys, ...options, 'boost', '_name']);
  const valueKey = valueKeys.find((key) => raw[key] !== undefined);
  return { field, value: valueKey === undefined ? undefined : raw[valueKey], options: raw };
}

function requireScalar(query: string, json: Json): string | number | boolean {
  const value = scalarValue(json);
  if (value === undefined || value === null) {
    throw illegalArgument(`[${query}] requires a non-null value`);
  }
  if (!isScalar(value)) {
    throw parsingException(`[${query}] unexpected token [${jsonTokenName(value)}] for the value`);
  }
  return value;
}

function clauses(value: Json, context: QueryContext, depth: number): Query[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => parseQuery(item, context, depth + 1));
}

/** ES's minimum_should_match: `2`, `-1`, `75%`, `-25%` resolved against the optional clause count. */
export function resolveMinimumShouldMatch(spec: Json, optional: number): number {
  const text = String(scalarValue(spec)).trim();
  const match = /^(-?)(\d+)(%?)$/.exec(text);
  if (!match) {
    throw illegalArgument(`Invalid minimum_should_match [${text}]`);
  }
  const negative = match[1] === '-';
  const amount = Number(match[2]);
  const count = match[3] === '%' ? Math.floor((optional * amount) / 100) : amount;
  const result = negative ? optional - count : count;
  return Math.max(0, result);
}

function parseBool(body: JsonMap, context: QueryContext, depth: number): Query {
  onlyKeys('bool', body, [
    'must',
    'filter',
    'should',
    'must_not',
    'minimum_should_match',
    'boost',
    '_name',
    'adjust_pure_negative',
  ]);
  const must = body['must'] === undefined ? [] : clauses(body['must'], context, depth);
  const filter = body['filter'] === undefined ? [] : clauses(body['filter'], context, depth);
  const should = body['should'] === undefined ? [] : clauses(body['should'], context, depth);
  const mustNot = body['must_not'] === undefined ? [] : clauses(body['must_not'], context, depth);
  const spec = body['minimum_should_match'];
  const minimumShouldMatch =
    spec === undefined || spec === null
      ? should.length > 0 && must.length === 0 && filter.length === 0
        ? 1
        : 0
      : resolveMinimumShouldMatch(spec, should.length);
  return { kind: 'bool', must, filter, should, mustNot, minimumShouldMatch };
}

function parseRange(body: JsonMap, context: QueryContext): Query {
  const { field: name, options } = singleField(
    'range',
    body,
    [],
    [
      'gt',
      'gte',
      'lt',
      'lte',
      'from',
      'to',
      'include_lower',
      'include_upper',
      'format',
      'time_zone',
      'relation',
    ],
  );
  if (!isJsonObject(body[name])) {
    throw parsingException(`[range] query malformed, no start_object after query name`);
  }
  if (options['relation'] !== undefined) {
    throw illegalArgument('range query with relation is not currently supported in this context');
  }
  const field = resolveField(name);
  const format = typeof options['format'] === 'string' ? options['format'] : undefined;
  if (format !== undefined && field.type === 'date') {
    validateDateFormat(format);
  }
  const timeZone = typeof options['time_zone'] === 'string' ? options['time_zone'] : undefined;
  const bound = (value: Json, inclusive: boolean, rounding: 'down' | 'up'): Bound | undefined => {
    if (value === undefined || value === null) {
      return undefined;
    }
    const scalar = requireScalar('range', value);
    return { value: fieldValue(field, scalar, context, rounding, format, timeZone), inclusive };
  };
  const includeLower = options['include_lower'] !== false;
  const includeUpper = options['include_upper'] !== false;
  // ES's date rounding: gt and lte round up, gte and lt round down.
  const lower =
    bound(options['gt'], false, 'up') ??
    bound(options['gte'], true, 'down') ??
    bound(options['from'], includeLower, includeLower ? 'down' : 'up');
  const upper =
    bound(options['lt'], false, 'down') ??
    bound(options['lte'], true, 'up') ??
    bound(options['to'], includeUpper, includeUpper ? 'up' : 'down');
  return {
    kind: 'range',
    field,
    ...(lower === undefined ? {} : { lower }),
    ...(upper === undefined ? {} : { upper }),
  };
}

function keywordOnly(query: string, field: QueryField): void {
  if (field.type !== 'keyword') {
    throw illegalArgument(
      `Can only use ${query} queries on keyword, text and wildcard fields - not on [${field.indexName}] which is of type [${field.type}]`,
    );
  }
}

function parseBody(type: string, body: Json, context: QueryContext, depth: number): Query {
  if (!isJsonObject(body)) {
    throw parsingException(`[${type}] query malformed, no start_object after query name`);
  }
  switch (type) {
    case 'match_all':
      onlyKeys(type, body, ['boost', '_name']);
      return { kind: 'all' };
    case 'bool':
      return parseBool(body, context, depth);
    case 'ids': {
      onlyKeys(type, body, ['values', 'boost', '_name']);
      const values = body['values'] ?? [];
      if (!Array.isArray(values) || !values.every((id) => typeof id === 'string')) {
        throw parsingException('[ids] failed to parse field [values]');
      }
      return { kind: 'ids', ids: new Set(values as string[]) };
    }
    case 'exists': {
      onlyKeys(type, body, ['field', 'boost', '_name']);
      if (typeof body['field'] !== 'string') {
        throw parsingException('[exists] must be provided with a [field]');
      }
      return { kind: 'exists', field: resolveField(body['field']) };
    }
    case 'term': {
      const { field, value, options } = singleField(type, body, ['value'], ['case_insensitive']);
      return termQuery(
        resolveField(field),
        requireScalar(type, value),
        context,
        options['case_insensitive'] === true,
      );
    }
    case 'terms': {
      const entries = Object.entries(body).filter(([key]) => key !== 'boost' && key !== '_name');
      if (entries.length !== 1) {
        throw parsingException('[terms] query does not support multiple fields');
      }
      const [name, values] = entries[0] as [string, Json];
      if (isJsonObject(values)) {
        throw illegalArgument(
          'terms query with terms lookup is not currently supported in this context',
        );
      }
      if (!Array.isArray(values)) {
        throw parsingException(`[terms] query does not support [${name}]`);
      }
      const field = resolveField(name);
      const should = values.map((value) => termQuery(field, requireScalar(type, value), context));
      return { kind: 'bool', must: [], filter: [], should, mustNot: [], minimumShouldMatch: 1 };
    }
    case 'match': {
      const { field, value } = singleField(
        type,
        body,
        ['query'],
        [
          'operator',
          'analyzer',
          'fuzziness',
          'prefix_length',
          'max_expansions',
          'fuzzy_transpositions',
          'fuzzy_rewrite',
          'lenient',
          'zero_terms_query',
          'minimum_should_match',
          'auto_generate_synonyms_phrase_query',
        ],
      );
      // Every API key field is a keyword, date or boolean: match analyses to one exact term.
      return termQuery(resolveField(field), requireScalar(type, value), context);
    }
    case 'prefix': {
      const { field, value, options } = singleField(
        type,
        body,
        ['value'],
        ['case_insensitive', 'rewrite'],
      );
      const resolved = resolveField(field);
      keywordOnly('prefix', resolved);
      return {
        kind: 'prefix',
        field: resolved,
        prefix: String(requireScalar(type, value)),
        caseInsensitive: options['case_insensitive'] === true,
      };
    }
    case 'wildcard': {
      const { field, value, options } = singleField(
        type,
        body,
        ['value', 'wildcard'],
        ['case_insensitive', 'rewrite'],
      );
      const resolved = resolveField(field);
      keywordOnly('wildcard', resolved);
      return {
        kind: 'wildcard',
        field: resolved,
        matches: compileWildcard(String(requireScalar(type, value)), {
          escapes: true,
          caseInsensitive: options['case_insensitive'] === true,
        }),
      };
    }
    case 'range':
      return parseRange(body, context);
    case 'simple_query_string':
      return parseSimpleQueryString(body, context);
    default:
      throw unsupported(type);
  }
}

/**
 * Parses one query clause (`{"type": {...}}`), with ES's parse and translation errors. `depth`
 * counts this clause and every query around it, as ES counts against its nested depth limit.
 */
export function parseQuery(json: Json, context: QueryContext, depth = 1): Query {
  if (!isJsonObject(json)) {
    throw parsingException('[_na] query malformed, must start with start_object');
  }
  const keys = Object.keys(json);
  if (keys.length === 0) {
    throw parsingException('query malformed, empty clause found');
  }
  const type = keys[0] as string;
  if (depth > MAX_NESTED_DEPTH) {
    throw illegalArgument(NESTED_DEPTH_REASON);
  }
  if (!KNOWN_QUERIES.has(type)) {
    throw parsingException(`unknown query [${type}]`);
  }
  if (keys.length > 1) {
    throw parsingException(
      `[${type}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`,
    );
  }
  return parseBody(type, json[type], context, depth);
}
