import { describe, expect, it } from 'vitest';
import { parseException } from '../../../../functions/core/errors.js';
import { isJsonObject } from '../../../../functions/core/json-token.js';
import { parseJsonWithLocations } from '../../../../functions/http/json-with-locations.js';
import { BodyReader } from '../../../../functions/http/requests/body-reader.js';
import { thrown } from '../../thrown.js';

function readerFor(text: string): BodyReader {
  return new BodyReader(parseJsonWithLocations(text), 'test_parser');
}

describe('BodyReader (ES ObjectParser)', () => {
  it('rejects a top-level array with [1:1] [parser] Expected START_OBJECT but was: START_ARRAY', () => {
    const reader = readerFor('[]');

    const error = thrown(() => reader.rootObject([]));

    expect({ type: error.type, reason: error.reason }).toEqual({
      type: 'x_content_parse_exception',
      reason: '[1:1] [test_parser] Expected START_OBJECT but was: START_ARRAY',
    });
  });

  it('rejects an unknown field with x_content_parse_exception located at the field name', () => {
    const reader = readerFor('{"ok":1, "foo":2}');

    const error = thrown(() => reader.rootObject(['ok']));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'x_content_parse_exception',
      reason: '[1:10] [test_parser] unknown field [foo]',
    });
  });

  it("rejects a number where a string is declared with doesn't support values of type: VALUE_NUMBER", () => {
    const reader = readerFor('{"name":123}');
    const root = reader.rootObject(['name']);

    const error = thrown(() => reader.string(root, 'name'));

    expect(error.reason).toBe(
      "[1:9] [test_parser] name doesn't support values of type: VALUE_NUMBER",
    );
  });

  it.each([
    ['{"v":null}', 'VALUE_NULL'],
    ['{"v":[]}', 'START_ARRAY'],
    ['{"v":{}}', 'START_OBJECT'],
    ['{"v":true}', 'VALUE_BOOLEAN'],
  ])('names the Jackson token of %s when a string is declared', (text, token) => {
    const reader = readerFor(text);
    const root = reader.rootObject(['v']);

    const error = thrown(() => reader.string(root, 'v'));

    expect(error.reason).toBe(`[1:6] [test_parser] v doesn't support values of type: ${token}`);
  });

  it('returns undefined for an absent field', () => {
    const reader = readerFor('{}');
    const root = reader.rootObject(['a']);

    const values = [
      reader.string(root, 'a'),
      reader.boolean(root, 'a'),
      reader.stringArray(root, 'a'),
      reader.object(root, 'a'),
    ];

    expect(values).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('accepts a boolean or the strings "true" and "false" for a boolean field, as ES does', () => {
    const reader = readerFor('{"a":true,"b":"false"}');
    const root = reader.rootObject(['a', 'b']);

    const values = [reader.boolean(root, 'a'), reader.boolean(root, 'b')];

    expect(values).toEqual([true, false]);
  });

  it('rejects a non-boolean string for a boolean field with VALUE_STRING', () => {
    const reader = readerFor('{"a":"yes"}');
    const root = reader.rootObject(['a']);

    const error = thrown(() => reader.boolean(root, 'a'));

    expect(error.reason).toBe("[1:6] [test_parser] a doesn't support values of type: VALUE_STRING");
  });

  it('accepts a single string or an array of strings for a string-array field', () => {
    const reader = readerFor('{"one":"x","many":["y","z"]}');
    const root = reader.rootObject(['one', 'many']);

    const values = [reader.stringArray(root, 'one'), reader.stringArray(root, 'many')];

    expect(values).toEqual([['x'], ['y', 'z']]);
  });

  it('rejects a non-string array item with failed to parse field', () => {
    const reader = readerFor('{"ids":["a",1]}');
    const root = reader.rootObject(['ids']);

    const error = thrown(() => reader.stringArray(root, 'ids'));

    expect({ type: error.type, reason: error.reason }).toEqual({
      type: 'x_content_parse_exception',
      reason: '[1:8] [test_parser] failed to parse field [ids]',
    });
  });

  it('rejects a string where an object is declared with VALUE_STRING', () => {
    const reader = readerFor('{"metadata":"x"}');
    const root = reader.rootObject(['metadata']);

    const error = thrown(() => reader.object(root, 'metadata'));

    expect(error.reason).toBe(
      "[1:13] [test_parser] metadata doesn't support values of type: VALUE_STRING",
    );
  });

  it('wraps an ES error raised inside a field as failed to parse field, keeping it as caused_by', () => {
    const reader = readerFor('{"f":{}}');
    const root = reader.rootObject(['f']);

    const error = reader.fieldError(root, 'f', parseException('inner problem'));

    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [
          {
            type: 'x_content_parse_exception',
            reason: '[1:6] [test_parser] failed to parse field [f]',
          },
        ],
        type: 'x_content_parse_exception',
        reason: '[1:6] [test_parser] failed to parse field [f]',
        caused_by: { type: 'parse_exception', reason: 'inner problem' },
      },
      status: 400,
    });
  });

  it('rethrows a non-ES error given to fieldError unchanged', () => {
    const reader = readerFor('{"f":{}}');
    const root = reader.rootObject(['f']);
    const bug = new TypeError('boom');

    const action = () => reader.fieldError(root, 'f', bug);

    expect(action).toThrow(bug);
  });

  it('treats only non-null, non-array objects as objects', () => {
    const results = [
      isJsonObject({}),
      isJsonObject([]),
      isJsonObject(null),
      isJsonObject('x'),
      isJsonObject(undefined),
    ];

    expect(results).toEqual([true, false, false, false, false]);
  });
});
