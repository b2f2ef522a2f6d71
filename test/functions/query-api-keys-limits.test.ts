import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/query-api-keys.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { apiKeyRecord } from '../support/api-key-records.js';
import { invoke } from '../support/events.js';
import { ELASTIC, unique, useHandlerEnvironment } from '../support/handler-env.js';

const DAY = 86_400_000;

const query = (body: unknown) =>
  invoke(handler, {
    method: 'POST',
    path: '/_security/_query/api_key',
    headers: ELASTIC,
    body,
  });

function nestedBool(levels: number): unknown {
  let clause: unknown = { match_all: {} };
  for (let i = 1; i < levels; i += 1) {
    clause = { bool: { must: [clause] } };
  }
  return clause;
}

describe('security.query_api_keys under hostile input', () => {
  beforeAll(useHandlerEnvironment);

  it('refuses a query nested past indices.query.bool.max_nested_depth with ES`s 400', async () => {
    const atLimit = await query({ query: nestedBool(30) });
    const past = await query({ query: nestedBool(31) });

    expect(atLimit.status).toBe(200);
    expect(past.status).toBe(400);
    expect(past.body.error.type).toBe('x_content_parse_exception');
    expect(past.body.error.reason).toMatch(
      /\[query_api_key_request_payload\] failed to parse field \[query\]$/,
    );
    expect(past.body.error.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason:
        'The nested depth of the query exceeds the maximum nested depth for queries set in [indices.query.bool.max_nested_depth]',
    });
  });

  it('answers a bool nested 1,000 deep with an ES-shaped 400, not a 500', async () => {
    // Deeper bodies are the JSON parser's limit to enforce; the query builder's own bound is
    // unit-tested at 6,000 levels. Written as text: JSON.stringify cannot nest this deep.
    const body = `{"query":${'{"bool":{"must":['.repeat(999)}{"match_all":{}}${']}}'.repeat(999)}}`;
    const response = await query(body);

    expect(response.status).toBe(400);
    expect(response.body.status).toBe(400);
    expect(typeof response.body.error.type).toBe('string');
    expect(response.body.error.root_cause).toHaveLength(1);
  });

  it('refuses a range aggregation of 70,000 buckets with too_many_buckets_exception', async () => {
    // 100,000 ranges no longer fit the 1 MB body limit; 70,000 still pass it and exceed 65,536.
    const ranges = Array.from({ length: 70_000 }, (_, i) => ({ to: i }));

    const response = await query({
      size: 0,
      aggs: { r: { range: { field: 'creation', ranges } } },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('search_phase_execution_exception');
    expect(response.body.error.root_cause).toEqual([
      {
        type: 'too_many_buckets_exception',
        reason:
          'Trying to create too many buckets. Must be less than or equal to: [65536] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.',
        max_buckets: 65536,
      },
    ]);
  });

  it('refuses an unknown sort format with ES`s DateFormatter error', async () => {
    const response = await query({ sort: [{ expiration: { format: 'bogus' } }] });

    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('illegal_argument_exception');
    expect(response.body.error.reason).toBe('Invalid format: [bogus]: Unknown pattern letter: b');
  });

  describe('with a key whose expiration lies past JavaScript`s last date (a poisoned table)', () => {
    const id = unique('poisoned');
    // 100000000d from now: beyond 8.64e15 ms, the largest instant a JavaScript Date holds.
    const expiration = Date.now() + 100_000_000 * DAY;

    beforeAll(async () => {
      const store = new DynamoApiKeyStore(
        createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] }),
        process.env['API_KEYS_TABLE'] as string,
      );
      await store.create(
        apiKeyRecord({
          id,
          name: id,
          creation_time: Date.now(),
          expiration_time: expiration,
        }),
      );
    });

    it('sorts by expiration with a format, printing the far date as java.time does', async () => {
      expect(expiration).toBeGreaterThan(8.64e15);
      const response = await query({
        query: { ids: { values: [id] } },
        sort: [{ expiration: { format: 'strict_date_optional_time' } }],
      });

      expect(response.status).toBe(200);
      expect(response.body.api_keys.map((k: { id: string }) => k.id)).toEqual([id]);
      expect(response.body.api_keys[0]._sort[0]).toMatch(
        /^\+27\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
    });

    it('ranges, histograms and formats it in aggregations without a 500', async () => {
      const response = await query({
        query: {
          bool: { filter: [{ ids: { values: [id] } }, { range: { expiration: { gte: 'now' } } }] },
        },
        aggs: {
          ranges: {
            date_range: {
              field: 'expiration',
              format: 'yyyy-MM-dd',
              ranges: [{ from: 'now' }],
            },
          },
          months: {
            composite: {
              sources: [
                { m: { date_histogram: { field: 'expiration', calendar_interval: 'month' } } },
              ],
            },
          },
          values: { terms: { field: 'expiration' } },
        },
      });

      expect(response.status).toBe(200);
      expect(response.body.total).toBe(1);
      expect(response.body.aggregations.ranges.buckets[0].doc_count).toBe(1);
      const month = response.body.aggregations.months.buckets[0].key.m;
      expect(month).toBeLessThanOrEqual(expiration);
      expect(expiration - month).toBeLessThan(31 * DAY);
      expect(response.body.aggregations.values.buckets[0].key_as_string).toBe(String(expiration));
    });
  });
});
