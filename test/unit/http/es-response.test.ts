import { describe, expect, it } from 'vitest';
import { esResponse, prettyJson } from '../../../functions/http/es-response.js';

describe('ES JSON responses', () => {
  it('pretty-prints as Jackson does: "key" : value, two-space indent', () => {
    const text = prettyJson({ a: 1, b: [true, null], c: { d: 'x' } });

    expect(text).toBe(
      '{\n  "a" : 1,\n  "b" : [\n    true,\n    null\n  ],\n  "c" : {\n    "d" : "x"\n  }\n}',
    );
  });

  it('prints empty objects and arrays as { } and [ ]', () => {
    const text = prettyJson({ metadata: {}, run_as: [] });

    expect(text).toBe('{\n  "metadata" : { },\n  "run_as" : [ ]\n}');
  });

  it('leaves out undefined fields and escapes strings', () => {
    const text = prettyJson({ a: undefined, b: 'q"\n' });

    expect(text).toBe('{\n  "b" : "q\\"\\n"\n}');
  });

  it('prints the same value as JSON.parse reads back', () => {
    const value = {
      error: { root_cause: [{ type: 't', reason: 'r' }], status: 400 },
      list: [[], {}],
    };

    const text = prettyJson(value);

    expect(JSON.parse(text)).toEqual(value);
  });

  it('sets content-type application/json and x-elastic-product Elasticsearch', () => {
    const response = esResponse(200, { ok: true }, { pretty: false });

    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
      body: '{"ok":true}',
    });
  });

  it('pretty-prints with a trailing newline when asked', () => {
    const response = esResponse(200, { ok: true }, { pretty: true });

    expect(response.body).toBe('{\n  "ok" : true\n}\n');
  });

  it('passes multi-value headers such as WWW-Authenticate through', () => {
    const response = esResponse(
      401,
      {},
      {
        pretty: false,
        headers: { 'WWW-Authenticate': ['Basic realm="security"', 'ApiKey'] },
      },
    );

    expect(response.multiValueHeaders).toEqual({
      'WWW-Authenticate': ['Basic realm="security"', 'ApiKey'],
    });
    expect(response.statusCode).toBe(401);
  });

  it('writes a long beyond 2^53 exactly, compact or pretty, as ES prints Long.MAX_VALUE', () => {
    const body = { _sort: [9223372036854775807n, 'x'], skipped: undefined, list: [1, undefined] };

    expect(esResponse(200, body, { pretty: false }).body).toBe(
      '{"_sort":[9223372036854775807,"x"],"list":[1,null]}',
    );
    expect(esResponse(200, body, { pretty: true }).body).toContain('9223372036854775807,');
  });
});
