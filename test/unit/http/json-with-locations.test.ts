import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumberText } from '../../../functions/core/json-number.js';
import { compactJson, parseJsonText } from '../../../functions/core/json-text.js';
import {
  type JsonObject,
  MAX_NESTING_DEPTH,
  parseJsonWithLocations,
} from '../../../functions/http/json-with-locations.js';
import { thrown } from '../thrown.js';

function objectAt(value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('expected an object');
  }
  return value as JsonObject;
}

describe('parseJsonWithLocations', () => {
  // parseJsonText is JSON.parse keeping numbers a double cannot hold as JsonNumberText.
  it('parses any JSON document to the same value as JSON.parse', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(parseJsonWithLocations(text).value).toEqual(parseJsonText(text));
      }),
    );
  });

  it('parses any pretty-printed JSON document to the same value as JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 2);

        expect(parseJsonWithLocations(text).value).toEqual(parseJsonText(text));
      }),
    );
  });

  it('keeps a __proto__ field as an ordinary own field, as JSON.parse and Jackson do', () => {
    const text = '{"__proto__":{"polluted":true}}';

    const parsed = parseJsonWithLocations(text);

    expect(Object.keys(objectAt(parsed.value))).toEqual(['__proto__']);
    expect(parsed.value).toEqual(JSON.parse(text));
  });

  it('reports 1-based [line:column] locations of a key and its value', () => {
    const parsed = parseJsonWithLocations('{"foo":1}');
    const root = objectAt(parsed.value);

    const key = parsed.keyLocation(root, 'foo');
    const value = parsed.valueLocation(root, 'foo');

    expect(key).toEqual({ line: 1, column: 2 });
    expect(value).toEqual({ line: 1, column: 8 });
  });

  it('counts lines and resets columns after each newline for nested objects', () => {
    const parsed = parseJsonWithLocations('{\n  "a": {\n    "b": true\n  }\n}');
    const inner = objectAt(objectAt(parsed.value)['a']);

    const key = parsed.keyLocation(inner, 'b');
    const value = parsed.valueLocation(inner, 'b');

    expect(key).toEqual({ line: 3, column: 5 });
    expect(value).toEqual({ line: 3, column: 10 });
  });

  it("rejects {bad with 400 x_content_parse_exception at Jackson's column, caused by json_parse_exception", () => {
    const body = thrown(() => parseJsonWithLocations('{bad')).toJSON();

    // Jackson reports the column after the offending character: `{broken}` fails at "line: 1, column: 3".
    expect(body.status).toBe(400);
    expect(body.error.type).toBe('x_content_parse_exception');
    expect(body.error.reason).toMatch(
      /^\[1:3\] Unexpected character \('b' \(code 98\)\): was expecting double-quote to start field name/,
    );
    expect(body.error.caused_by?.type).toBe('json_parse_exception');
    expect(body.error.root_cause).toEqual([
      { type: 'x_content_parse_exception', reason: body.error.reason },
    ]);
  });

  it('names the offending character in the same Jackson message whatever the column', () => {
    const error = thrown(() => parseJsonWithLocations('{bad'));

    expect(error.type).toBe('x_content_parse_exception');
    expect(error.reason).toMatch(
      /^\[1:\d+\] Unexpected character \('b' \(code 98\)\): was expecting double-quote to start field name\n at \[Source: /,
    );
    expect(error.causedBy?.type).toBe('json_parse_exception');
  });

  it('rejects a truncated body with 400 x_content_e_o_f_exception [1:9] Unexpected end of file', () => {
    const error = thrown(() => parseJsonWithLocations('{"name":'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'x_content_e_o_f_exception',
      reason: '[1:9] Unexpected end of file',
    });
    expect(error.causedBy?.type).toBe('json_e_o_f_exception');
  });

  it('rejects a duplicate key with 400 x_content_parse_exception naming the field', () => {
    const error = thrown(() => parseJsonWithLocations('{"a":1,"a":2}'));

    expect(error.status).toBe(400);
    expect(error.type).toBe('x_content_parse_exception');
    expect(error.reason).toContain("Duplicate field 'a'");
  });

  it('rejects content after the top-level value with 400 x_content_parse_exception', () => {
    const error = thrown(() => parseJsonWithLocations('{} x'));

    expect(error.status).toBe(400);
    expect(error.type).toBe('x_content_parse_exception');
  });

  it("rejects an unquoted token with Jackson's Unrecognized token message", () => {
    const error = thrown(() => parseJsonWithLocations('{"a":nope}'));

    expect(error.type).toBe('x_content_parse_exception');
    expect(error.reason).toContain("Unrecognized token 'nope'");
  });

  it('decodes escapes, including \\u sequences, as JSON.parse does', () => {
    const text = '{"s":"a\\"b\\\\c\\n\\u00e9\\/"}';

    const parsed = parseJsonWithLocations(text);

    expect(parsed.value).toEqual({ s: 'a"b\\c\né/' });
  });

  describe('limits (Jackson StreamReadConstraints, as ES keeps them)', () => {
    const depthReason =
      'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)';

    it.each([
      ['[ x 40,000', '['.repeat(40_000)],
      ['{"a": x 20,000', '{"a":'.repeat(20_000)],
      ['1,001 closed arrays', `${'['.repeat(1001)}${']'.repeat(1001)}`],
      ['objects and arrays mixed', `${'{"a":['.repeat(501)}1${']}'.repeat(501)}`],
    ])('refuses %s with 400 x_content_parse_exception at depth 1,001', (_label, text) => {
      const body = thrown(() => parseJsonWithLocations(text)).toJSON();

      expect(body).toEqual({
        error: {
          root_cause: [{ type: 'x_content_parse_exception', reason: depthReason }],
          type: 'x_content_parse_exception',
          reason: depthReason,
          caused_by: { type: 'stream_constraints_exception', reason: depthReason },
        },
        status: 400,
      });
    });

    it('accepts nesting exactly at the limit', () => {
      const text = `${'{"a":'.repeat(MAX_NESTING_DEPTH - 1)}[1]${'}'.repeat(MAX_NESTING_DEPTH - 1)}`;

      const parsed = parseJsonWithLocations(text);

      let value: unknown = parsed.value;
      let depth = 0;
      while (typeof value === 'object' && value !== null) {
        depth += 1;
        value = Array.isArray(value) ? value[0] : (value as Record<string, unknown>)['a'];
      }
      expect(depth).toBe(MAX_NESTING_DEPTH);
      expect(value).toBe(1);
    });

    it('refuses a number literal longer than 1,000 characters', () => {
      const error = thrown(() => parseJsonWithLocations(`{"a":${'9'.repeat(1001)}}`));

      expect(error.status).toBe(400);
      expect(error.reason).toBe(
        'Number value length (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNumberLength()`)',
      );
    });

    it('refuses a field name longer than 50,000 characters', () => {
      const error = thrown(() => parseJsonWithLocations(`{"${'k'.repeat(50_001)}":1}`));

      expect(error.status).toBe(400);
      expect(error.reason).toBe(
        'Name length (50001) exceeds the maximum allowed (50000, from `StreamReadConstraints.getMaxNameLength()`)',
      );
    });
  });

  describe('numbers a double cannot hold', () => {
    it.each(['12345678901234567890', '-12345678901234567890', '1e400', '-1e400'])(
      'keeps %s as its literal',
      (literal) => {
        const parsed = parseJsonWithLocations(`{"n":${literal}}`);

        expect(objectAt(parsed.value)['n']).toEqual(new JsonNumberText(literal));
        expect(compactJson(parsed.value)).toBe(`{"n":${literal}}`);
      },
    );

    it('gives a plain number for 1e20 and 1.5, which a double holds', () => {
      const parsed = parseJsonWithLocations('[1e20,1.5,-0.25e-3,9007199254740991]');

      expect(parsed.value).toEqual([1e20, 1.5, -0.25e-3, 9007199254740991]);
    });

    it('accepts a 1,000-digit literal', () => {
      const literal = '7'.repeat(1000);

      const parsed = parseJsonWithLocations(`[${literal}]`);

      expect(compactJson(parsed.value)).toBe(`[${literal}]`);
    });
  });
});
