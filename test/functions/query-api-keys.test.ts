import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/query-api-keys.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const query = (
  headers: Record<string, string>,
  body?: unknown,
  params: Record<string, string> = {},
) =>
  invoke(handler, {
    method: 'POST',
    path: '/_security/_query/api_key',
    headers,
    query: params,
    ...(body === undefined ? {} : { body }),
  });

describe('security.query_api_keys', () => {
  beforeAll(useHandlerEnvironment);

  it('shows a manage_own_api_key user only its own keys, and read_security every key', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const reader = await userWith(['read_security']);
    const tag = unique('tag');
    const own = await createKey(owner.auth, { metadata: { tag } });
    const foreign = await createKey(ELASTIC, { metadata: { tag } });
    const body = { query: { term: { 'metadata.tag': tag } }, sort: ['creation'] };

    const asOwner = await query(owner.auth, body);
    const asReader = await query(reader.auth, body);

    expect(asOwner.status).toBe(200);
    expect(asOwner.body.api_keys.map((k: { id: string }) => k.id)).toEqual([own.id]);
    expect(asReader.body.api_keys.map((k: { id: string }) => k.id)).toEqual([own.id, foreign.id]);
    expect(asReader.body.total).toBe(2);
  });

  it('shows an API key with manage_own_api_key only itself', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const key = await createKey(owner.auth);
    await createKey(owner.auth);

    const response = await query(apiKeyAuth(key.encoded));
    const limited = await query(apiKeyAuth(key.encoded), undefined, { with_limited_by: 'true' });

    expect(response.body.api_keys.map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect(limited.status).toBe(403);
  });

  it('answers an empty body with match_all: total, count and up to 10 keys', async () => {
    const owner = await userWith(['manage_own_api_key']);
    for (let i = 0; i < 12; i += 1) {
      await createKey(owner.auth, { name: `k-${String(i).padStart(2, '0')}` });
    }

    const response = await query(owner.auth);

    expect(Object.keys(response.body)).toEqual(['total', 'count', 'api_keys']);
    expect(response.body.total).toBe(12);
    expect(response.body.count).toBe(10);
    expect(response.body.api_keys[0]._sort).toBeUndefined();
    expect(response.body.api_keys[0].api_key_hash).toBeUndefined();
  });

  it('sorts with _sort values and pages with from/size and search_after', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const names = ['delta', 'alpha', 'charlie', 'bravo', 'echo'];
    for (const name of names) {
      await createKey(owner.auth, { name });
    }
    const sort = [{ name: { order: 'desc' } }, 'creation'];

    const first = await query(owner.auth, { size: 2, sort });
    const second = await query(owner.auth, {
      size: 2,
      sort,
      search_after: first.body.api_keys[1]._sort,
    });
    const offset = await query(owner.auth, { from: 4, size: 5, sort: 'name' });

    expect(first.body.api_keys.map((k: { name: string }) => k.name)).toEqual(['echo', 'delta']);
    expect(first.body.api_keys[0]._sort).toEqual(['echo', first.body.api_keys[0].creation]);
    expect(second.body.api_keys.map((k: { name: string }) => k.name)).toEqual(['charlie', 'bravo']);
    expect(second.body.total).toBe(5);
    expect(offset.body).toMatchObject({ total: 5, count: 1 });
    expect(offset.body.api_keys[0].name).toBe('echo');
  });

  it('sorts a missing date last with Long.MAX_VALUE as its sort value', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const never = await createKey(owner.auth, { name: 'never' });
    const soon = await createKey(owner.auth, { name: 'soon', expiration: '1d' });

    const response = await query(owner.auth, { sort: ['expiration'] });

    expect(response.body.api_keys.map((k: { id: string }) => k.id)).toEqual([soon.id, never.id]);
    expect(response.raw).toContain('"_sort":[9223372036854775807]');
  });

  it('supports date math ranges and simple_query_string over names', async () => {
    const owner = await userWith(['manage_own_api_key']);
    const expiring = await createKey(owner.auth, { name: 'nightly-build', expiration: '2d' });
    await createKey(owner.auth, { name: 'long-lived', expiration: '30d' });

    const soon = await query(owner.auth, {
      query: { range: { expiration: { lte: 'now+3d/d' } } },
    });
    const text = await query(owner.auth, {
      query: { simple_query_string: { query: 'nightly* -long*' } },
    });

    expect(soon.body.api_keys.map((k: { id: string }) => k.id)).toEqual([expiring.id]);
    expect(text.body.api_keys.map((k: { id: string }) => k.id)).toContain(expiring.id);
  });

  it('aggregates over every match, with typed_keys prefixes when asked', async () => {
    const owner = await userWith(['manage_own_api_key']);
    await createKey(owner.auth, { metadata: { env: 'prod' } });
    await createKey(owner.auth, { metadata: { env: 'prod' } });
    await createKey(owner.auth, { metadata: { env: 'dev' }, expiration: '1d' });

    const response = await query(
      owner.auth,
      {
        size: 0,
        aggs: {
          envs: { terms: { field: 'metadata.env' } },
          active: { filter: { term: { invalidated: false } } },
          expiring: { missing: { field: 'expiration' } },
          owners: { cardinality: { field: 'username' } },
          states: { terms: { field: 'invalidated' } },
        },
      },
      { typed_keys: 'true' },
    );

    expect(response.body).toEqual({
      total: 3,
      count: 0,
      api_keys: [],
      aggregations: {
        'sterms#envs': {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: 0,
          buckets: [
            { key: 'prod', doc_count: 2 },
            { key: 'dev', doc_count: 1 },
          ],
        },
        'filter#active': { doc_count: 3 },
        'missing#expiring': { doc_count: 2 },
        'cardinality#owners': { value: 1 },
        'lterms#states': {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: 0,
          buckets: [{ key: 0, key_as_string: 'false', doc_count: 3 }],
        },
      },
    });
  });

  it('rejects what ES rejects, with its messages', async () => {
    const cases: Array<[unknown, number, string, string]> = [
      [
        { query: { fuzzy: { name: 'x' } } },
        400,
        'illegal_argument_exception',
        'Query type [fuzzy] is not currently supported in this context',
      ],
      [
        { query: { term: { api_key_hash: 'x' } } },
        400,
        'illegal_argument_exception',
        'Field [api_key_hash] is not allowed for querying or aggregation',
      ],
      [
        { query: { term: { id: 'x' } } },
        400,
        'illegal_argument_exception',
        'Field [id] is not allowed for querying or aggregation',
      ],
      [
        { query: { prefix: { 'na*': 'x' } } },
        400,
        'illegal_argument_exception',
        'Field name pattern [na*] is not allowed for querying or aggregation',
      ],
      [
        { query: { range: { creation: { gte: 1, relation: 'within' } } } },
        400,
        'illegal_argument_exception',
        'range query with relation is not currently supported in this context',
      ],
      [
        { query: { terms: { name: { index: 'i', id: '1', path: 'p' } } } },
        400,
        'illegal_argument_exception',
        'terms query with terms lookup is not currently supported in this context',
      ],
      [
        { from: -1, size: -2 },
        400,
        'action_request_validation_exception',
        'Validation Failed: 1: [from] parameter cannot be negative but was [-1];2: [size] parameter cannot be negative but was [-2];',
      ],
      [
        { from: 9995, size: 10 },
        400,
        'illegal_argument_exception',
        'Result window is too large, from + size must be less than or equal to: [10000] but was [10005]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.',
      ],
      [
        { aggs: { g: { global: {} } } },
        400,
        'illegal_argument_exception',
        'Unsupported API Keys agg [g] of type [global]',
      ],
      [
        { aggs: { c: { cumulative_cardinality: { buckets_path: 'x' } } } },
        400,
        'illegal_argument_exception',
        'Unsupported aggregation of type [cumulative_cardinality]',
      ],
      [
        { sort: [{ name: { nested: { path: 'x' } } }] },
        400,
        'illegal_argument_exception',
        'nested sorting is not currently supported in this context',
      ],
      [
        { size: 1, query: { match_all: {} }, limit: 3 },
        400,
        'x_content_parse_exception',
        '[1:36] [query_api_key_request_payload] unknown field [limit]',
      ],
      [
        { query: { nope: {} } },
        400,
        'x_content_parse_exception',
        '[1:10] [query_api_key_request_payload] failed to parse field [query]',
      ],
    ];
    for (const [body, status, type, reason] of cases) {
      const response = await query(ELASTIC, body);

      expect({
        status: response.status,
        type: response.body.error?.type,
        reason: response.body.error?.reason,
      }).toEqual({ status, type, reason });
    }
  });

  it('turns odd or hostile input into 400s, never 500s, and never hangs', async () => {
    const owner = await userWith(['manage_own_api_key']);
    await createKey(owner.auth, { name: 'a'.repeat(200) });
    const badRequests: unknown[] = [
      { aggs: { t: { terms: { field: 'name', order: [null] } } } },
      { aggs: { t: { terms: { field: 'name', include: '(' } } } },
      { aggs: { t: { terms: { field: 'name', include: { partition: 0, num_partitions: 2 } } } } },
      { sort: [{ expiration: { missing: {} } }] },
      { query: { range: { creation: { gte: 1e17 } } } },
      { query: { range: { creation: { gte: 'now+999999999y' } } } },
      {
        aggs: {
          c: { composite: { sources: [{ h: { histogram: { field: 'name', interval: 1 } } }] } },
        },
      },
      {
        aggs: {
          c: {
            composite: {
              sources: [{ d: { date_histogram: { field: 'creation', fixed_interval: '0ms' } } }],
            },
          },
        },
      },
      { query: { bool: { must: 'x' } } },
      { query: { term: { name: { value: { nested: true } } } } },
      { query: { simple_query_string: { query: 5 } } },
      { size: 'ten' },
    ];
    for (const body of badRequests) {
      const response = await query(owner.auth, body);

      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    const slow = await query(owner.auth, {
      query: { wildcard: { name: '*a*a*a*a*a*a*a*a*a*a*a*a*c' } },
      aggs: { t: { terms: { field: 'name', include: '(a+)+b' } } },
    });
    const empty = await query(ELASTIC, { query: { ids: { values: ['', 'x'.repeat(3000)] } } });

    expect(slow.status).toBe(200);
    expect(slow.body.total).toBe(0);
    expect(empty.body).toEqual({ total: 0, count: 0, api_keys: [] });
  });

  it('refuses a request whose announced body never arrived, instead of querying every key', async () => {
    const response = await invoke(handler, {
      method: 'GET',
      path: '/_security/_query/api_key',
      headers: { ...ELASTIC, 'Content-Length': '42' },
    });

    const blank = await invoke(handler, {
      method: 'POST',
      path: '/_security/_query/api_key',
      headers: { ...ELASTIC, 'Content-Length': '2', 'Transfer-Encoding': 'chunked' },
      body: '\r\n',
    });

    expect(response.status).toBe(400);
    expect(response.body.error.reason).toBe(
      'the request body did not reach the service (API Gateway and serverless offline drop the body of a GET): send it with POST',
    );
    expect(blank.status).toBe(200);
  });

  it('answers 403 to a caller without any API key privilege', async () => {
    const user = await userWith(['monitor']);

    const response = await query(user.auth);

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toMatch(
      /this action is granted by the cluster privileges \[manage_own_api_key,read_security,manage_api_key,manage_security,all\]$/,
    );
  });

  runCommonSecurityTests(handler, { method: 'POST', path: '/_security/_query/api_key' });
});
