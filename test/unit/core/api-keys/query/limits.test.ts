import { describe, expect, it } from 'vitest';
import {
  AggregationRun,
  MAX_BUCKETS,
  parseAggregations,
} from '../../../../../functions/core/api-keys/query/aggregations.js';
import {
  MAX_NESTED_DEPTH,
  parseQuery,
} from '../../../../../functions/core/api-keys/query/query-dsl.js';
import { matches } from '../../../../../functions/core/api-keys/query/query-matcher.js';
import { EsError } from '../../../../../functions/core/errors.js';
import { apiKeyRecord } from '../../../../support/api-key-records.js';

const context = { now: Date.UTC(2026, 0, 10) };
const KEY = apiKeyRecord({ id: 'k', name: 'alpha', creation_time: Date.UTC(2026, 0, 1) });

function thrown(run: () => unknown): EsError {
  try {
    run();
  } catch (error) {
    if (error instanceof EsError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an EsError');
}

function nestedBool(levels: number): unknown {
  let query: unknown = { term: { name: 'alpha' } };
  for (let i = 1; i < levels; i += 1) {
    query = { bool: { must: [query] } };
  }
  return query;
}

const DEPTH_REASON =
  'The nested depth of the query exceeds the maximum nested depth for queries set in [indices.query.bool.max_nested_depth]';

describe('query nesting limits', () => {
  it('accepts queries nested exactly indices.query.bool.max_nested_depth (30) deep', () => {
    const query = parseQuery(nestedBool(MAX_NESTED_DEPTH), context);
    expect(matches(query, KEY)).toBe(true);
  });

  it('refuses one level more, and 6,000 levels, with ES`s 400 instead of overflowing the stack', () => {
    for (const levels of [MAX_NESTED_DEPTH + 1, 6_000]) {
      const error = thrown(() => parseQuery(nestedBool(levels), context));
      expect(error.status).toBe(400);
      expect(error.type).toBe('illegal_argument_exception');
      expect(error.reason).toBe(DEPTH_REASON);
    }
  });

  it('counts every query on the way down, in any bool clause', () => {
    let query: unknown = { match_all: {} };
    for (let i = 1; i < MAX_NESTED_DEPTH + 1; i += 1) {
      query = { bool: { [['must', 'filter', 'should', 'must_not'][i % 4] as string]: query } };
    }
    expect(thrown(() => parseQuery(query, context)).reason).toBe(DEPTH_REASON);
  });

  it('gives each filter aggregation its own query depth budget, as ES`s top-level parse does', () => {
    const specs = parseAggregations({ f: { filter: nestedBool(MAX_NESTED_DEPTH) } }, context);
    expect(specs).toHaveLength(1);
    expect(() =>
      parseAggregations({ f: { filter: nestedBool(MAX_NESTED_DEPTH + 1) } }, context),
    ).toThrowError(DEPTH_REASON);
  });
});

describe('simple_query_string size limits', () => {
  const sqs = (text: string) =>
    parseQuery({ simple_query_string: { query: text, fields: ['name'] } }, context);

  it('matches a query string at the clause limit, whose alternating operators nest 1,024 deep', () => {
    const terms = Array.from({ length: 1024 }, (_, i) => `${i % 2 === 0 ? '+' : '|'}t${i}`);
    const query = sqs(`alpha ${terms.slice(1).join(' ')}`);
    expect(typeof matches(query, KEY)).toBe('boolean');
  });

  it('refuses more clauses, or more groups, than Lucene`s maxClauseCount with a 400', () => {
    const many = sqs.bind(null, Array.from({ length: 1025 }, (_, i) => `t${i}`).join(' '));
    const deep = sqs.bind(null, `${'('.repeat(50_000)}alpha${')'.repeat(50_000)}`);
    for (const run of [many, deep]) {
      const error = thrown(run);
      expect(error.status).toBe(400);
      expect(error.reason).toBe(
        'Query contains too many nested clauses; maxClauseCount is set to 1024',
      );
    }
  });
});

describe('aggregation limits', () => {
  function run(aggs: unknown) {
    const aggregation = new AggregationRun(parseAggregations(aggs, context));
    aggregation.collect(KEY);
    return aggregation.render(false);
  }

  function ranges(count: number) {
    return Array.from({ length: count }, (_, i) => ({ from: i, to: i + 1 }));
  }

  const TOO_MANY =
    'Trying to create too many buckets. Must be less than or equal to: [65536] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.';

  function expectTooManyBuckets(error: EsError, reason = TOO_MANY) {
    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [{ type: 'too_many_buckets_exception', reason, max_buckets: MAX_BUCKETS }],
        type: 'search_phase_execution_exception',
        reason: 'all shards failed',
        phase: 'query',
        caused_by: { type: 'too_many_buckets_exception', reason, max_buckets: MAX_BUCKETS },
      },
      status: 400,
    });
  }

  it('builds exactly search.max_buckets (65,536) range buckets', () => {
    const result = run({ r: { range: { field: 'creation', ranges: ranges(MAX_BUCKETS) } } });
    expect((result['r'] as { buckets: unknown[] }).buckets).toHaveLength(MAX_BUCKETS);
  });

  it('refuses a range aggregation of 100,000 buckets with too_many_buckets_exception', () => {
    expectTooManyBuckets(
      thrown(() => run({ r: { range: { field: 'creation', ranges: ranges(100_000) } } })),
    );
  });

  it('counts buckets across every aggregation of the request, sub-aggregations included', () => {
    expectTooManyBuckets(
      thrown(() =>
        run({
          a: { range: { field: 'creation', ranges: ranges(40_000) } },
          b: { date_range: { field: 'creation', ranges: ranges(40_000) } },
        }),
      ),
    );
    // 300 ranges under each of 300 filters: 90,300 buckets.
    const filters = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`f${i}`, { match_all: {} }]),
    );
    expectTooManyBuckets(
      thrown(() =>
        run({
          f: {
            filters: { filters },
            aggs: { r: { range: { field: 'creation', ranges: ranges(300) } } },
          },
        }),
      ),
    );
  });

  it('counts the terms buckets it returns, and refuses a composite size above the limit', () => {
    const nested = { t: { terms: { field: 'name' } } };
    let aggs: Record<string, unknown> = nested;
    // Each filter bucket renders one terms bucket: 100 levels stay far below the limit.
    for (let i = 0; i < 99; i += 1) {
      aggs = { [`f${i}`]: { filter: { match_all: {} }, aggs } };
    }
    expect(run(aggs)).toBeDefined();
    expectTooManyBuckets(
      thrown(() =>
        run({
          c: {
            composite: {
              size: MAX_BUCKETS + 1,
              sources: [{ d: { date_histogram: { field: 'creation', fixed_interval: '1ms' } } }],
            },
          },
        }),
      ),
      'Trying to create too many buckets. Must be less than or equal to: [65536] but was [65537]. This limit can be set by changing the [search.max_buckets] cluster level setting.',
    );
  });

  it('gives back the sub-aggregation buckets of composite keys it drops while paging', () => {
    // 200 distinct names, one shown: 200 × 500 range buckets would pass the limit if the
    // buckets of dropped keys still counted.
    const aggregation = new AggregationRun(
      parseAggregations(
        {
          c: {
            composite: { size: 1, sources: [{ n: { terms: { field: 'name' } } }] },
            aggs: { r: { range: { field: 'creation', ranges: ranges(500) } } },
          },
        },
        context,
      ),
    );
    // Descending, so every key sorts before those kept so far and is taken, then dropped.
    for (let i = 199; i >= 0; i -= 1) {
      aggregation.collect(apiKeyRecord({ id: `k${i}`, name: `n${String(i).padStart(3, '0')}` }));
    }
    const result = aggregation.render(false)['c'] as { buckets: Array<{ key: unknown }> };
    expect(result.buckets.map((bucket) => bucket.key)).toEqual([{ n: 'n000' }]);
  });

  it('refuses sub-aggregations nested deeper than 100 levels with a 400, not a stack overflow', () => {
    let aggs: Record<string, unknown> = { leaf: { value_count: { field: 'name' } } };
    for (let i = 0; i < 20_000; i += 1) {
      aggs = { [`f${i}`]: { filter: { match_all: {} }, aggs } };
    }
    const error = thrown(() => parseAggregations(aggs, context));
    expect(error.status).toBe(400);
    expect(error.reason).toBe('Aggregations nest deeper than the maximum of [100] levels');
  });
});
