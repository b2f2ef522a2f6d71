import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../../../../../functions/core/api-keys/api-key.js';
import {
  AggregationRun,
  parseAggregations,
} from '../../../../../functions/core/api-keys/query/aggregations.js';
import { parseQuery } from '../../../../../functions/core/api-keys/query/query-dsl.js';
import { matches } from '../../../../../functions/core/api-keys/query/query-matcher.js';
import {
  compareSorted,
  compareSortKeys,
  parseSearchAfter,
  parseSortElement,
  sortValuesJson,
  withSortKeys,
} from '../../../../../functions/core/api-keys/query/sort.js';
import { EsError } from '../../../../../functions/core/errors.js';
import { JsonNumberText } from '../../../../../functions/core/json-number.js';
import { apiKeyRecord } from '../../../../support/api-key-records.js';

const context = { now: Date.UTC(2026, 0, 10) };
const big = (text: string) => new JsonNumberText(text);

const BIG = apiKeyRecord({
  id: 'big',
  creation_time: Date.UTC(2026, 0, 1),
  metadata: { n: big('12345678901234567890'), huge: [big('1e400'), 'x'], small: 7 },
});
const SMALL = apiKeyRecord({
  id: 'small',
  creation_time: Date.UTC(2026, 0, 2),
  metadata: { n: big('-99999999999999999999'), small: 8 },
});
const KEYS: ApiKeyRecord[] = [BIG, SMALL];

function ids(query: unknown): string[] {
  const parsed = parseQuery(query, context);
  return KEYS.filter((key) => matches(parsed, key)).map((key) => key.id);
}

function aggregate(aggs: unknown) {
  const run = new AggregationRun(parseAggregations(aggs, context));
  for (const key of KEYS) {
    run.collect(key);
  }
  return run.render(false);
}

describe('big numbers (JsonNumberText) in metadata and in queries', () => {
  it('matches a term on the exact literal, whether the request sends it as a number or text', () => {
    expect(ids({ term: { 'metadata.n': big('12345678901234567890') } })).toEqual(['big']);
    expect(ids({ term: { 'metadata.n': '12345678901234567890' } })).toEqual(['big']);
    expect(ids({ term: { 'metadata.n': { value: big('12345678901234567890') } } })).toEqual([
      'big',
    ]);
    // The nearest double prints differently: it is another term.
    expect(ids({ term: { 'metadata.n': Number('12345678901234567890') } })).toEqual([]);
    expect(ids({ terms: { 'metadata.huge': [big('1e400'), 'nope'] } })).toEqual(['big']);
    expect(ids({ match: { 'metadata.n': big('-99999999999999999999') } })).toEqual(['small']);
  });

  it('finds them with exists, prefix, wildcard and (keyword) range queries', () => {
    expect(ids({ exists: { field: 'metadata.huge' } })).toEqual(['big']);
    expect(ids({ prefix: { 'metadata.n': '1234' } })).toEqual(['big']);
    expect(ids({ wildcard: { 'metadata.huge': '1e*' } })).toEqual(['big']);
    // Flattened metadata is keyword: ranges compare text, as in ES.
    expect(ids({ range: { 'metadata.n': { gte: big('1'), lt: '2' } } })).toEqual(['big']);
    expect(ids({ simple_query_string: { query: '12345678901234567890' } })).toEqual(['big']);
  });

  it('answers a big number where a date or boolean is expected with a 400, never a throw of another kind', () => {
    for (const query of [
      { term: { creation: big('12345678901234567890') } },
      { range: { expiration: { gte: big('1e400') } } },
      { term: { invalidated: big('1e400') } },
    ]) {
      expect(() => parseQuery(query, context)).toThrow(EsError);
    }
  });

  it('sorts and pages on them as keywords, and accepts one as a missing value or search_after', () => {
    const specs = [parseSortElement({ 'metadata.n': { missing: big('5e400') } }, context.now)];
    const sorted = KEYS.map((key) => withSortKeys(specs, key)).sort((a, b) =>
      compareSorted(specs, a, b),
    );
    expect(sorted.map(({ key }) => key.id)).toEqual(['small', 'big']);
    expect(sortValuesJson(specs, sorted[1]?.sortKeys ?? [])).toEqual(['12345678901234567890']);
    const after = parseSearchAfter(specs, [big('-99999999999999999999')], context.now);
    expect(
      sorted.filter(({ sortKeys }) => compareSortKeys(specs, sortKeys, after) > 0),
    ).toHaveLength(1);
    const missing = withSortKeys(specs, apiKeyRecord({ id: 'none' }));
    expect(missing.sortKeys).toEqual(['5e400']);
  });

  it('aggregates them: terms keys keep the literal, counts and composite paging work', () => {
    const result = aggregate({
      values: { terms: { field: 'metadata.n', order: { _key: 'asc' } } },
      distinct: { cardinality: { field: 'metadata.huge' } },
      pages: {
        composite: {
          sources: [{ n: { terms: { field: 'metadata.n' } } }],
          after: { n: big('-99999999999999999999') },
        },
      },
      ranges: {
        range: { field: 'creation', ranges: [{ from: big('1e400') }, { to: big('99e99999') }] },
      },
      filtered: { filter: { term: { 'metadata.huge': big('1e400') } } },
    });

    expect(result['values']).toMatchObject({
      buckets: [
        { key: '-99999999999999999999', doc_count: 1 },
        { key: '12345678901234567890', doc_count: 1 },
      ],
    });
    expect(result['distinct']).toEqual({ value: 2 });
    expect(result['pages']).toMatchObject({
      buckets: [{ key: { n: '12345678901234567890' }, doc_count: 1 }],
    });
    expect(result['filtered']).toEqual({ doc_count: 1 });
    const ranges = result['ranges'] as { buckets: Array<{ doc_count: number }> };
    expect(ranges.buckets.map((bucket) => bucket.doc_count)).toEqual([2, 0]);
  });
});
