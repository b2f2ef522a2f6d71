import { describe, expect, it } from 'vitest';
import { isJsonObject, jsonTokenName } from '../../../functions/core/json-token.js';

describe('the JSON object guard', () => {
  it('treats only non-null, non-array objects as objects', () => {
    const results = [{}, { a: 1 }, [], null, 'x', 1, true, undefined].map(isJsonObject);

    expect(results).toEqual([true, true, false, false, false, false, false, false]);
  });

  it('narrows a typed JSON union to its object member', () => {
    type Value = string | number[] | { [key: string]: Value };
    const value: Value = { nested: 'x' };

    const member = isJsonObject(value) ? value['nested'] : undefined;

    expect(member).toBe('x');
  });

  it.each([
    [null, 'VALUE_NULL'],
    [[], 'START_ARRAY'],
    ['s', 'VALUE_STRING'],
    [1, 'VALUE_NUMBER'],
    [false, 'VALUE_BOOLEAN'],
    [{}, 'START_OBJECT'],
  ])('names %j as Jackson token %s', (value, token) => {
    expect(jsonTokenName(value)).toBe(token);
  });
});
