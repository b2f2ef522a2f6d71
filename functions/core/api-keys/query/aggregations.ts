import { illegalArgument, tooManyBuckets } from '../../errors.js';
import { JsonNumberText } from '../../json-number.js';
import { isJsonObject, type Json } from '../../json-token.js';
import type { ApiKeyRecord } from '../api-key.js';
import {
  formatDate,
  parseDateMath,
  parseTimeZone,
  startOfUnit,
  validateDateFormat,
} from './dates.js';
import { type FieldValue, type QueryField, resolveField } from './fields.js';
import { luceneRegExp } from './lucene-regexp.js';
import {
  parseQuery,
  parsingException,
  type Query,
  type QueryContext,
  scalarValue,
} from './query-dsl.js';
import { compareValues, matches } from './query-matcher.js';

type JsonMap = Record<string, Json>;

/** Collects the keys of one bucket (or the whole result set) and renders ES's aggregation JSON. */
interface Aggregator {
  collect(key: ApiKeyRecord): void;
  result(typedKeys: boolean): JsonMap;
}

/** ES's `search.max_buckets` default. */
export const MAX_BUCKETS = 65_536;
/** Sub-aggregations nest at most this deep (ES has no such setting; its JSON depth bounds it). */
export const MAX_AGGREGATION_DEPTH = 100;

/**
 * Counts the buckets one request makes, across all its aggregations, against `search.max_buckets`.
 * Fixed-size aggregations (range, filters) count their buckets when they are created, since that
 * is when they take memory; terms and composite count the buckets they return.
 */
export class BucketBudget {
  private count = 0;

  constructor(private readonly parent?: BucketBudget) {}

  /** A share of this budget whose buckets can be given back, for a bucket that may be dropped. */
  scope(): BucketBudget {
    return new BucketBudget(this);
  }

  /** Gives back every bucket counted through this scope (and its own scopes). */
  release(): void {
    for (let budget = this.parent; budget; budget = budget.parent) {
      budget.count -= this.count;
    }
    this.count = 0;
  }

  consume(buckets: number): void {
    this.count += buckets;
    this.parent?.consume(buckets);
    if (this.parent === undefined && this.count > MAX_BUCKETS) {
      throw tooManyBuckets(
        MAX_BUCKETS,
        `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.`,
      );
    }
  }
}

/** A parsed aggregation: a factory, since each bucket of a parent needs fresh sub-aggregators. */
export interface AggregationSpec {
  name: string;
  /** The `typed_keys` prefix: `sterms`, `lterms`, `range`, ... */
  typedName: string;
  create(budget: BucketBudget): Aggregator;
}

const BUCKET_TYPES = new Set([
  'terms',
  'range',
  'date_range',
  'missing',
  'filter',
  'filters',
  'composite',
]);
const METRIC_TYPES = new Set(['value_count', 'cardinality']);

/** ES aggregations the API key query refuses by name; anything else is unknown to ES. */
const UNSUPPORTED = new Set([
  'adjacency_matrix',
  'auto_date_histogram',
  'avg',
  'boxplot',
  'categorize_text',
  'children',
  'date_histogram',
  'diversified_sampler',
  'extended_stats',
  'frequent_item_sets',
  'geo_bounds',
  'geo_centroid',
  'geo_line',
  'geohash_grid',
  'geohex_grid',
  'geotile_grid',
  'global',
  'histogram',
  'ip_prefix',
  'ip_range',
  'matrix_stats',
  'max',
  'median_absolute_deviation',
  'min',
  'multi_terms',
  'nested',
  'parent',
  'percentile_ranks',
  'percentiles',
  'random_sampler',
  'rare_terms',
  'reverse_nested',
  'sampler',
  'scripted_metric',
  'significant_terms',
  'significant_text',
  'stats',
  'string_stats',
  'sum',
  't_test',
  'top_hits',
  'top_metrics',
  'variable_width_histogram',
  'weighted_avg',
]);
const PIPELINES = new Set([
  'avg_bucket',
  'bucket_correlation',
  'bucket_count_ks_test',
  'bucket_script',
  'bucket_selector',
  'bucket_sort',
  'change_point',
  'cumulative_cardinality',
  'cumulative_sum',
  'derivative',
  'extended_stats_bucket',
  'inference',
  'max_bucket',
  'min_bucket',
  'moving_fn',
  'moving_percentiles',
  'normalize',
  'percentiles_bucket',
  'serial_diff',
  'stats_bucket',
  'sum_bucket',
]);

function javaDouble(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e7) {
    return `${value}.0`;
  }
  if (Math.abs(value) >= 1e7 || (value !== 0 && Math.abs(value) < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return String(value);
}

/** Sub-aggregators for one bucket, created on first use. */
class SubAggregations {
  private readonly aggregators: Aggregator[];

  constructor(
    private readonly specs: readonly AggregationSpec[],
    budget: BucketBudget,
  ) {
    this.aggregators = specs.map((spec) => spec.create(budget));
  }

  collect(key: ApiKeyRecord): void {
    for (const aggregator of this.aggregators) {
      aggregator.collect(key);
    }
  }

  render(typedKeys: boolean): JsonMap {
    return Object.fromEntries(
      this.specs.map((spec, i) => [
        typedKeys ? `${spec.typedName}#${spec.name}` : spec.name,
        (this.aggregators[i] as Aggregator).result(typedKeys),
      ]),
    );
  }
}

interface Bucket {
  count: number;
  subs: SubAggregations;
}

function newBucket(subs: readonly AggregationSpec[], budget: BucketBudget): Bucket {
  return { count: 0, subs: new SubAggregations(subs, budget) };
}

function requireField(name: string, body: JsonMap): QueryField {
  if (body['script'] !== undefined) {
    throw illegalArgument(`Unsupported script value source for [${name}] agg`);
  }
  if (typeof body['field'] !== 'string') {
    throw illegalArgument('Required one of fields [field, script], but none were specified.');
  }
  return resolveField(body['field']);
}

function keyJson(field: QueryField, value: FieldValue): JsonMap {
  if (field.type === 'keyword') {
    return { key: value };
  }
  if (field.type === 'boolean') {
    return { key: value ? 1 : 0, key_as_string: String(value) };
  }
  return { key: value, key_as_string: formatDate(value as number) };
}

function integerOption(body: JsonMap, name: string, fallback: number): number {
  const value = body[name];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw illegalArgument(`[${name}] must be a non-negative integer, got [${String(value)}]`);
  }
  return value;
}

/** A terms `missing` value, read as the field's type. */
function missingValue(field: QueryField, raw: Json): FieldValue | undefined {
  const json = scalarValue(raw);
  if (json === undefined || json === null) {
    return undefined;
  }
  if (typeof json !== 'string' && typeof json !== 'number' && typeof json !== 'boolean') {
    throw illegalArgument(`[missing] must be a value, got [${JSON.stringify(json)}]`);
  }
  if (field.type === 'keyword') {
    return String(json);
  }
  if (field.type === 'boolean') {
    return json === true || json === 'true';
  }
  if (typeof json === 'boolean') {
    throw illegalArgument(`[missing] must be a date for field [${field.name}]`);
  }
  return parseDateMath(json, { now: 0 });
}

/** A terms `include`/`exclude`: exact values, or a Lucene regular expression compiled once. */
function valueFilter(json: Json, name: string): ((value: string) => boolean) | undefined {
  if (json === undefined || json === null) {
    return undefined;
  }
  if (Array.isArray(json)) {
    const values = new Set(json.map(String));
    return (value) => values.has(value);
  }
  if (typeof json === 'string') {
    const regExp = luceneRegExp(json, name);
    return (value) => regExp.test(value);
  }
  throw illegalArgument(
    `[${name}] partitions are not supported; use values or a regular expression`,
  );
}

function termsSpec(name: string, body: JsonMap, subs: AggregationSpec[]): AggregationSpec {
  const field = requireField(name, body);
  const size = integerOption(body, 'size', 10);
  if (size === 0) {
    throw illegalArgument(`[size] must be greater than 0. Found [0] in [${name}]`);
  }
  const minDocCount = integerOption(body, 'min_doc_count', 1);
  const orders = (
    Array.isArray(body['order']) ? body['order'] : [body['order'] ?? { _count: 'desc' }]
  ).map((order: Json) => {
    if (!isJsonObject(order) || Object.keys(order).length !== 1) {
      throw parsingException(
        `[order] must be an object with one field, such as {"_count": "desc"}`,
      );
    }
    const [by, direction] = Object.entries(order)[0] as [string, Json];
    if (by !== '_count' && by !== '_key') {
      throw illegalArgument(`Invalid aggregation order path [${by}]`);
    }
    const text = String(direction).toLowerCase();
    if (text !== 'asc' && text !== 'desc') {
      throw illegalArgument(`Unknown BucketOrder direction [${String(direction)}]`);
    }
    return { by, descending: text === 'desc' };
  });
  const missing = missingValue(field, body['missing']);
  const include = valueFilter(body['include'], 'include');
  const exclude = valueFilter(body['exclude'], 'exclude');
  const accepts = (value: string) =>
    (include === undefined || include(value)) && (exclude === undefined || !exclude(value));
  return {
    name,
    typedName: field.type === 'keyword' ? 'sterms' : 'lterms',
    create(budget) {
      const buckets = new Map<FieldValue, Bucket>();
      return {
        collect(key) {
          const values = field.values(key);
          const seen = new Set(values.length === 0 && missing !== undefined ? [missing] : values);
          for (const value of seen) {
            if (!accepts(String(value))) {
              continue;
            }
            let bucket = buckets.get(value);
            if (!bucket) {
              bucket = newBucket(subs, budget);
              buckets.set(value, bucket);
            }
            bucket.count += 1;
            bucket.subs.collect(key);
          }
        },
        result(typedKeys) {
          const sorted = [...buckets.entries()]
            .filter(([, bucket]) => bucket.count >= minDocCount)
            .sort(([ka, a], [kb, b]) => {
              for (const order of orders) {
                const diff = order.by === '_count' ? a.count - b.count : compareValues(ka, kb);
                if (diff !== 0) {
                  return order.descending ? -diff : diff;
                }
              }
              return compareValues(ka, kb);
            });
          const shown = sorted.slice(0, size);
          budget.consume(shown.length);
          const other = sorted.slice(size).reduce((sum, [, bucket]) => sum + bucket.count, 0);
          return {
            doc_count_error_upper_bound: 0,
            sum_other_doc_count: other,
            buckets: shown.map(([value, bucket]) => ({
              ...keyJson(field, value),
              doc_count: bucket.count,
              ...bucket.subs.render(typedKeys),
            })),
          };
        },
      };
    },
  };
}

interface RangeDefinition {
  key: string | undefined;
  from: number | undefined;
  to: number | undefined;
}

function rangeSpec(
  type: 'range' | 'date_range',
  name: string,
  body: JsonMap,
  subs: AggregationSpec[],
  context: QueryContext,
): AggregationSpec {
  const field = requireField(name, body);
  if (field.type === 'keyword' || (type === 'date_range' && field.type !== 'date')) {
    throw illegalArgument(
      `Field [${field.name}] of type [${field.type}] is not supported for aggregation [${type}]`,
    );
  }
  const format = typeof body['format'] === 'string' ? body['format'] : undefined;
  if (format !== undefined && field.type === 'date') {
    validateDateFormat(format);
  }
  const timeZone = typeof body['time_zone'] === 'string' ? body['time_zone'] : undefined;
  parseTimeZone(timeZone);
  if (!Array.isArray(body['ranges'])) {
    throw illegalArgument(`No [ranges] specified for the [${name}] aggregation`);
  }
  const bound = (raw: Json): number | undefined => {
    // A number a double cannot hold bounds a range by its nearest double.
    const value = raw instanceof JsonNumberText ? Number(raw) : raw;
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value === 'number') {
      return value;
    }
    if (typeof value === 'string' && field.type === 'date') {
      return parseDateMath(value, {
        now: context.now,
        ...(format === undefined ? {} : { format: `${format}||epoch_millis` }),
        ...(timeZone === undefined ? {} : { timeZone }),
      });
    }
    if (typeof value === 'string' && !Number.isNaN(Number(value))) {
      return Number(value);
    }
    throw illegalArgument(`failed to parse range bound [${String(value)}]`);
  };
  const ranges: RangeDefinition[] = body['ranges']
    .map((range: Json) => {
      if (!isJsonObject(range)) {
        throw parsingException(`[${type}] ranges must be objects`);
      }
      return {
        key: typeof range['key'] === 'string' ? range['key'] : undefined,
        from: bound(range['from']),
        to: bound(range['to']),
      };
    })
    .sort(
      (a: RangeDefinition, b: RangeDefinition) =>
        (a.from ?? Number.NEGATIVE_INFINITY) - (b.from ?? Number.NEGATIVE_INFINITY) ||
        (a.to ?? Number.POSITIVE_INFINITY) - (b.to ?? Number.POSITIVE_INFINITY),
    );
  const keyed = body['keyed'] === true;
  const dates = field.type === 'date';
  const text = (value: number | undefined) =>
    value === undefined ? '*' : dates ? formatDate(value, format) : javaDouble(value);
  return {
    name,
    typedName: type,
    create(budget) {
      budget.consume(ranges.length);
      const buckets = ranges.map(() => newBucket(subs, budget));
      return {
        collect(key) {
          const values = field
            .values(key)
            .map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : Number(value)));
          ranges.forEach((range, i) => {
            if (
              values.some(
                (value) =>
                  (range.from === undefined || value >= range.from) &&
                  (range.to === undefined || value < range.to),
              )
            ) {
              const bucket = buckets[i] as Bucket;
              bucket.count += 1;
              bucket.subs.collect(key);
            }
          });
        },
        result(typedKeys) {
          const rendered = ranges.map((range, i) => {
            const bucket = buckets[i] as Bucket;
            const json: JsonMap = { key: range.key ?? `${text(range.from)}-${text(range.to)}` };
            if (range.from !== undefined) {
              json['from'] = range.from;
              if (dates) {
                json['from_as_string'] = formatDate(range.from, format);
              }
            }
            if (range.to !== undefined) {
              json['to'] = range.to;
              if (dates) {
                json['to_as_string'] = formatDate(range.to, format);
              }
            }
            json['doc_count'] = bucket.count;
            return { ...json, ...bucket.subs.render(typedKeys) };
          });
          return {
            buckets: keyed
              ? Object.fromEntries(rendered.map(({ key, ...rest }) => [String(key), rest]))
              : rendered,
          };
        },
      };
    },
  };
}

function singleBucketSpec(
  name: string,
  typedName: string,
  subs: AggregationSpec[],
  accepts: (key: ApiKeyRecord) => boolean,
): AggregationSpec {
  return {
    name,
    typedName,
    create(budget) {
      const bucket = newBucket(subs, budget);
      return {
        collect(key) {
          if (accepts(key)) {
            bucket.count += 1;
            bucket.subs.collect(key);
          }
        },
        result: (typedKeys) => ({ doc_count: bucket.count, ...bucket.subs.render(typedKeys) }),
      };
    },
  };
}

function filtersSpec(
  name: string,
  body: JsonMap,
  subs: AggregationSpec[],
  context: QueryContext,
): AggregationSpec {
  const raw = body['filters'];
  let named: Array<[string | undefined, Query]>;
  if (Array.isArray(raw)) {
    named = raw.map((query) => [undefined, parseQuery(query, context)]);
  } else if (isJsonObject(raw)) {
    named = Object.entries(raw)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, query]) => [key, parseQuery(query, context)]);
  } else {
    throw parsingException(`[filters] cannot be empty.`);
  }
  const otherKey =
    typeof body['other_bucket_key'] === 'string' ? body['other_bucket_key'] : undefined;
  const other = body['other_bucket'] === true || otherKey !== undefined;
  const keyed = body['keyed'] !== false && !Array.isArray(raw);
  return {
    name,
    typedName: 'filters',
    create(budget) {
      budget.consume(named.length + (other ? 1 : 0));
      const buckets = named.map(() => newBucket(subs, budget));
      const otherBucket = newBucket(subs, budget);
      return {
        collect(key) {
          let any = false;
          named.forEach(([, query], i) => {
            if (matches(query, key)) {
              any = true;
              const bucket = buckets[i] as Bucket;
              bucket.count += 1;
              bucket.subs.collect(key);
            }
          });
          if (!any && other) {
            otherBucket.count += 1;
            otherBucket.subs.collect(key);
          }
        },
        result(typedKeys) {
          const all: Array<[string | undefined, Bucket]> = named.map(([key], i) => [
            key,
            buckets[i] as Bucket,
          ]);
          if (other) {
            all.push([otherKey ?? '_other_', otherBucket]);
          }
          const render = (bucket: Bucket) => ({
            doc_count: bucket.count,
            ...bucket.subs.render(typedKeys),
          });
          return {
            buckets: keyed
              ? Object.fromEntries(all.map(([key, bucket]) => [key, render(bucket)]))
              : all.map(([key, bucket]) => ({
                  ...(key === undefined || Array.isArray(raw) ? {} : { key }),
                  ...render(bucket),
                })),
          };
        },
      };
    },
  };
}

const FIXED_UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 };
const CALENDAR_UNITS: Record<string, string> = {
  '1m': 'm',
  minute: 'm',
  '1h': 'h',
  hour: 'h',
  '1d': 'd',
  day: 'd',
  '1w': 'w',
  week: 'w',
  '1M': 'M',
  month: 'M',
  '1y': 'y',
  year: 'y',
};

/** A date_histogram source: fixed intervals (`90m`) or calendar units (`1d`, `month`), in UTC. */
function dateHistogramBucket(name: string, body: JsonMap): (value: FieldValue) => number {
  const calendar = body['calendar_interval'];
  if (typeof calendar === 'string') {
    const unit = CALENDAR_UNITS[calendar];
    if (!unit) {
      throw illegalArgument(
        `The supplied interval [${calendar}] could not be parsed as a calendar interval.`,
      );
    }
    return (value) => startOfUnit(Number(value), unit);
  }
  const fixed = /^(\d+)(ms|s|m|h|d)$/.exec(String(body['fixed_interval'] ?? ''));
  if (!fixed) {
    throw illegalArgument(`Invalid interval specified for date_histogram source [${name}]`);
  }
  const step = Number(fixed[1]) * (FIXED_UNITS[fixed[2] as string] as number);
  if (step <= 0) {
    throw illegalArgument(`[fixed_interval] must be positive for date_histogram source [${name}]`);
  }
  return (value) => Math.floor(Number(value) / step) * step;
}

/** Multi-valued sources multiply: beyond this, one key's combinations are refused. */
const MAX_COMBINATIONS_PER_KEY = 10_000;

interface CompositeSource {
  name: string;
  descending: boolean;
  missingBucket: boolean;
  value(key: ApiKeyRecord): Array<FieldValue | null>;
}

function compositeSource(aggName: string, json: Json): CompositeSource {
  if (!isJsonObject(json) || Object.keys(json).length !== 1) {
    throw parsingException(`[composite] sources must be objects with one named source`);
  }
  const [name, definition] = Object.entries(json)[0] as [string, Json];
  if (!isJsonObject(definition) || Object.keys(definition).length !== 1) {
    throw parsingException(`[composite] source [${name}] must have one type`);
  }
  const [type, body] = Object.entries(definition)[0] as [string, Json];
  if (!isJsonObject(body)) {
    throw parsingException(`[composite] source [${name}] must be an object`);
  }
  if (body['script'] !== undefined) {
    throw illegalArgument(
      `Unsupported script value source for [${name}] of composite agg [${aggName}]`,
    );
  }
  if (typeof body['field'] !== 'string') {
    throw illegalArgument('Required one of fields [field, script], but none were specified.');
  }
  const field = resolveField(body['field']);
  if (
    (type === 'histogram' && field.type === 'keyword') ||
    (type === 'date_histogram' && field.type !== 'date')
  ) {
    throw illegalArgument(
      `Field [${field.name}] of type [${field.type}] is not supported for aggregation [${type}]`,
    );
  }
  const descending = body['order'] === 'desc';
  const missingBucket = body['missing_bucket'] === true;
  let bucketOf: (value: FieldValue) => FieldValue;
  if (type === 'terms') {
    bucketOf = (value) => value;
  } else if (type === 'histogram') {
    const interval = Number(body['interval']);
    if (!(interval > 0)) {
      throw illegalArgument(`[interval] must be >0 for histogram aggregation [${name}]`);
    }
    bucketOf = (value) => Math.floor(Number(value) / interval) * interval;
  } else if (type === 'date_histogram') {
    bucketOf = dateHistogramBucket(name, body);
  } else {
    throw illegalArgument(`Unsupported composite source [${type}] in [${aggName}]`);
  }
  return {
    name,
    descending,
    missingBucket,
    value(key) {
      const values = [...new Set(field.values(key).map(bucketOf))];
      if (values.length === 0) {
        return missingBucket ? [null] : [];
      }
      return values;
    },
  };
}

function compositeSpec(name: string, body: JsonMap, subs: AggregationSpec[]): AggregationSpec {
  if (!Array.isArray(body['sources']) || body['sources'].length === 0) {
    throw illegalArgument(`Composite [sources] cannot be null or empty`);
  }
  const sources = body['sources'].map((source: Json) => compositeSource(name, source));
  const size = integerOption(body, 'size', 10);
  if (size === 0) {
    throw illegalArgument(`[size] must be greater than 0. Found [0] in [${name}]`);
  }
  if (size > MAX_BUCKETS) {
    throw tooManyBuckets(
      MAX_BUCKETS,
      `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but was [${size}]. This limit can be set by changing the [search.max_buckets] cluster level setting.`,
    );
  }
  const after = isJsonObject(body['after']) ? body['after'] : undefined;
  if (after && Object.keys(after).length !== sources.length) {
    throw illegalArgument(
      `[after] has ${Object.keys(after).length} value(s) but [sources] has ${sources.length}`,
    );
  }
  const compare = (a: ReadonlyArray<FieldValue | null>, b: ReadonlyArray<FieldValue | null>) => {
    for (let i = 0; i < sources.length; i += 1) {
      const x = a[i] ?? null;
      const y = b[i] ?? null;
      const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : compareValues(x, y);
      if (order !== 0) {
        return (sources[i] as CompositeSource).descending ? -order : order;
      }
    }
    return 0;
  };
  const afterKey = after
    ? sources.map((source) =>
        Object.hasOwn(after, source.name)
          ? ((scalarValue(after[source.name]) ?? null) as FieldValue | null)
          : null,
      )
    : undefined;
  return {
    name,
    typedName: 'composite',
    create(budget) {
      let buckets = new Map<
        string,
        { values: Array<FieldValue | null>; bucket: Bucket; scope: BucketBudget }
      >();
      // Only the first `size` keys in order can be shown: once that many are known, any key
      // after the last of them is dropped, so memory stays bounded by `size`.
      let ceiling: Array<FieldValue | null> | undefined;
      const prune = () => {
        const sorted = [...buckets.entries()].sort(([, a], [, b]) => compare(a.values, b.values));
        const kept = sorted.slice(0, size);
        // The sub-aggregation buckets of dropped keys no longer exist: they leave the count.
        for (const [, dropped] of sorted.slice(size)) {
          dropped.scope.release();
        }
        buckets = new Map(kept);
        ceiling = kept[kept.length - 1]?.[1].values;
      };
      return {
        collect(key) {
          const perSource = sources.map((source) => source.value(key));
          const combinations = perSource.reduce((product, values) => product * values.length, 1);
          if (combinations > MAX_COMBINATIONS_PER_KEY) {
            throw illegalArgument(
              `composite aggregation [${name}] would build ${combinations} buckets from one API key; at most ${MAX_COMBINATIONS_PER_KEY} are allowed`,
            );
          }
          // One combination of source values at a time (an odometer over the value lists).
          const digits = perSource.map(() => 0);
          for (let n = 0; n < combinations; n += 1) {
            const values = perSource.map((list, i) => list[digits[i] as number] ?? null);
            for (let i = digits.length - 1; i >= 0; i -= 1) {
              digits[i] = ((digits[i] as number) + 1) % (perSource[i] as unknown[]).length;
              if (digits[i] !== 0) {
                break;
              }
            }
            if (
              (afterKey && compare(values, afterKey) <= 0) ||
              (ceiling && compare(values, ceiling) > 0)
            ) {
              continue;
            }
            const id = JSON.stringify(values);
            let entry = buckets.get(id);
            if (!entry) {
              const scope = budget.scope();
              entry = { values, bucket: newBucket(subs, scope), scope };
              buckets.set(id, entry);
            }
            entry.bucket.count += 1;
            entry.bucket.subs.collect(key);
            if (buckets.size > size * 2 + 64) {
              prune();
            }
          }
        },
        result(typedKeys) {
          const shown = [...buckets.values()]
            .sort((a, b) => compare(a.values, b.values))
            .slice(0, size);
          budget.consume(shown.length);
          const keyOf = (values: Array<FieldValue | null>) =>
            Object.fromEntries(sources.map((source, i) => [source.name, values[i] ?? null]));
          const last = shown[shown.length - 1];
          return {
            ...(last ? { after_key: keyOf(last.values) } : {}),
            buckets: shown.map(({ values, bucket }) => ({
              key: keyOf(values),
              doc_count: bucket.count,
              ...bucket.subs.render(typedKeys),
            })),
          };
        },
      };
    },
  };
}

function metricSpec(
  type: 'value_count' | 'cardinality',
  name: string,
  body: JsonMap,
): AggregationSpec {
  const field = requireField(name, body);
  return {
    name,
    typedName: type,
    create() {
      let count = 0;
      const distinct = new Set<FieldValue>();
      return {
        collect(key) {
          const values = field.values(key);
          count += values.length;
          for (const value of values) {
            distinct.add(value);
          }
        },
        result: () => ({ value: type === 'value_count' ? count : distinct.size }),
      };
    },
  };
}

function parseOne(name: string, json: Json, context: QueryContext, depth: number): AggregationSpec {
  if (!isJsonObject(json)) {
    throw parsingException(
      `Expected [START_OBJECT] under [${name}], but got a [VALUE] in [${name}]`,
    );
  }
  let type: string | undefined;
  let body: Json;
  let subs: AggregationSpec[] = [];
  let meta: Json;
  for (const [key, value] of Object.entries(json)) {
    if (key === 'aggs' || key === 'aggregations') {
      subs = parseAggregations(value, context, depth + 1);
    } else if (key === 'meta') {
      meta = value;
    } else if (type !== undefined) {
      throw parsingException(
        `Found two aggregation type definitions in [${name}]: [${type}] and [${key}]`,
      );
    } else {
      type = key;
      body = value;
    }
  }
  if (type === undefined) {
    throw parsingException(`Missing definition for aggregation [${name}]`);
  }
  if (PIPELINES.has(type)) {
    throw illegalArgument(`Unsupported aggregation of type [${type}]`);
  }
  if (UNSUPPORTED.has(type)) {
    throw illegalArgument(`Unsupported API Keys agg [${name}] of type [${type}]`);
  }
  if (!BUCKET_TYPES.has(type) && !METRIC_TYPES.has(type)) {
    throw parsingException(`Unknown aggregation type [${type}]`);
  }
  if (METRIC_TYPES.has(type) && subs.length > 0) {
    throw illegalArgument(`Aggregator [${name}] of type [${type}] cannot accept sub-aggregations`);
  }
  if (!isJsonObject(body)) {
    throw parsingException(`[${type}] aggregation [${name}] must be an object`);
  }
  const spec = build(type, name, body, subs, context);
  if (meta === undefined) {
    return spec;
  }
  return {
    ...spec,
    create(budget) {
      const inner = spec.create(budget);
      return {
        collect: (key) => inner.collect(key),
        result: (typedKeys) => ({ meta, ...inner.result(typedKeys) }),
      };
    },
  };
}

function build(
  type: string,
  name: string,
  body: JsonMap,
  subs: AggregationSpec[],
  context: QueryContext,
): AggregationSpec {
  switch (type) {
    case 'terms':
      return termsSpec(name, body, subs);
    case 'range':
    case 'date_range':
      return rangeSpec(type, name, body, subs, context);
    case 'missing': {
      const field = requireField(name, body);
      return singleBucketSpec(name, 'missing', subs, (key) => field.values(key).length === 0);
    }
    case 'filter': {
      const query = parseQuery(body, context);
      return singleBucketSpec(name, 'filter', subs, (key) => matches(query, key));
    }
    case 'filters':
      return filtersSpec(name, body, subs, context);
    case 'composite':
      return compositeSpec(name, body, subs);
    default:
      return metricSpec(type as 'value_count' | 'cardinality', name, body);
  }
}

/** Parses an `aggs` object: name → `{type: {...}, aggs?: {...}}`. */
export function parseAggregations(json: Json, context: QueryContext, depth = 1): AggregationSpec[] {
  if (!isJsonObject(json)) {
    throw parsingException('Expected [START_OBJECT] for the aggregations');
  }
  if (depth > MAX_AGGREGATION_DEPTH) {
    throw illegalArgument(
      `Aggregations nest deeper than the maximum of [${MAX_AGGREGATION_DEPTH}] levels`,
    );
  }
  return Object.entries(json).map(([name, definition]) =>
    parseOne(name, definition, context, depth),
  );
}

/** Runs aggregations over a stream of keys, then renders `aggregations`. */
export class AggregationRun {
  private readonly subs: SubAggregations;

  constructor(specs: readonly AggregationSpec[]) {
    this.subs = new SubAggregations(specs, new BucketBudget());
  }

  collect(key: ApiKeyRecord): void {
    this.subs.collect(key);
  }

  render(typedKeys: boolean): JsonMap {
    return this.subs.render(typedKeys);
  }
}
