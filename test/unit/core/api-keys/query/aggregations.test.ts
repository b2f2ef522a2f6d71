import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../../../../../functions/core/api-keys/api-key.js';
import {
  AggregationRun,
  parseAggregations,
} from '../../../../../functions/core/api-keys/query/aggregations.js';
import { apiKeyRecord } from '../../../../support/api-key-records.js';

const context = { now: Date.UTC(2026, 0, 10) };

function key(id: string, creation: number, metadata: Record<string, unknown> = {}): ApiKeyRecord {
  return apiKeyRecord({ id, name: id, creation_time: creation, metadata });
}

const DAY = 86_400_000;
const KEYS = [
  key('a', Date.UTC(2026, 0, 1), { env: 'prod' }),
  key('b', Date.UTC(2026, 0, 2), { env: 'prod' }),
  key('c', Date.UTC(2026, 0, 9), { env: 'dev' }),
];

function run(aggs: unknown, typedKeys = false) {
  const aggregation = new AggregationRun(parseAggregations(aggs, context));
  for (const k of KEYS) {
    aggregation.collect(k);
  }
  return aggregation.render(typedKeys);
}

describe('API key aggregations', () => {
  it('renders date_range buckets with ES`s keys and as_string fields, sorted by from', () => {
    expect(
      run({
        ages: {
          date_range: {
            field: 'creation',
            ranges: [{ from: 'now-2d/d' }, { to: 'now-7d/d', key: 'old' }],
            format: 'strict_date_optional_time',
          },
        },
      }),
    ).toEqual({
      ages: {
        buckets: [
          {
            key: 'old',
            to: Date.UTC(2026, 0, 3),
            to_as_string: '2026-01-03T00:00:00.000Z',
            doc_count: 2,
          },
          {
            key: '2026-01-08T00:00:00.000Z-*',
            from: Date.UTC(2026, 0, 8),
            from_as_string: '2026-01-08T00:00:00.000Z',
            doc_count: 1,
          },
        ],
      },
    });
  });

  it('renders numeric range keys the way Java prints doubles', () => {
    const result = run({
      r: { range: { field: 'creation', ranges: [{ to: Date.UTC(2026, 0, 5) }] } },
    });

    expect(result['r']).toMatchObject({
      buckets: [{ key: `*-${Date.UTC(2026, 0, 5)}`, doc_count: 2 }],
    });
  });

  it('nests sub-aggregations in bucket aggregations, and keys named filters', () => {
    expect(
      run(
        {
          by_env: {
            filters: {
              filters: { live: { term: { 'metadata.env': 'prod' } } },
              other_bucket_key: 'rest',
            },
            aggs: { n: { value_count: { field: 'name' } } },
          },
        },
        true,
      ),
    ).toEqual({
      'filters#by_env': {
        buckets: {
          live: { doc_count: 2, 'value_count#n': { value: 2 } },
          rest: { doc_count: 1, 'value_count#n': { value: 1 } },
        },
      },
    });
  });

  it('pages composite buckets with after_key', () => {
    const first = run({
      c: { composite: { size: 1, sources: [{ env: { terms: { field: 'metadata.env' } } }] } },
    });
    const next = run({
      c: {
        composite: {
          size: 5,
          after: { env: 'dev', day: Date.UTC(2026, 0, 9) },
          sources: [
            { env: { terms: { field: 'metadata.env' } } },
            { day: { date_histogram: { field: 'creation', calendar_interval: '1d' } } },
          ],
        },
      },
    });

    expect(first['c']).toEqual({
      after_key: { env: 'dev' },
      buckets: [{ key: { env: 'dev' }, doc_count: 1 }],
    });
    expect((next['c'] as { buckets: unknown[] }).buckets).toEqual([
      { key: { env: 'prod', day: Date.UTC(2026, 0, 1) }, doc_count: 1 },
      { key: { env: 'prod', day: Date.UTC(2026, 0, 1) + DAY }, doc_count: 1 },
    ]);
  });

  it('refuses a key whose multi-valued sources would multiply into too many buckets', () => {
    const wide = key('w', 0, { a: Array.from({ length: 200 }, (_, i) => String(i)) });
    const aggregation = new AggregationRun(
      parseAggregations(
        {
          c: {
            composite: {
              size: 1,
              sources: [
                { x: { terms: { field: 'metadata.a' } } },
                { y: { terms: { field: 'metadata.a' } } },
              ],
            },
          },
        },
        context,
      ),
    );

    expect(() => aggregation.collect(wide)).toThrowError(
      'composite aggregation [c] would build 40000 buckets from one API key; at most 10000 are allowed',
    );
  });

  it('refuses scripts, metric sub-aggregations and unknown types', () => {
    expect(() => run({ t: { terms: { script: 'x' } } })).toThrowError(
      'Unsupported script value source for [t] agg',
    );
    expect(() =>
      run({ v: { value_count: { field: 'name' }, aggs: { x: { missing: { field: 'name' } } } } }),
    ).toThrowError('Aggregator [v] of type [value_count] cannot accept sub-aggregations');
    expect(() => run({ x: { nonsense: {} } })).toThrowError('Unknown aggregation type [nonsense]');
    expect(() => run({ r: { range: { field: 'name', ranges: [] } } })).toThrowError(
      'Field [name] of type [keyword] is not supported for aggregation [range]',
    );
  });
});
