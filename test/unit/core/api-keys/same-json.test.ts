import { describe, expect, it } from 'vitest';
import { sameJson } from '../../../../functions/core/api-keys/same-json.js';
import { JsonNumberText } from '../../../../functions/core/json-number.js';

describe('sameJson: ES`s comparison of a stored and a requested document', () => {
  it.each([
    ['key order', { a: 1, b: 2, c: 3, d: 4 }, { d: 4, c: 3, b: 2, a: 1 }],
    [
      'nested key order',
      { x: { b: [{ d: 1, c: 2 }], a: null } },
      { x: { a: null, b: [{ c: 2, d: 1 }] } },
    ],
    ['a field set to undefined and an absent one', { a: 1, b: undefined }, { a: 1 }],
    ['an undefined field nested in an array', [{ a: 1, b: undefined }], [{ a: 1 }]],
    [
      'numbers kept as text with the same literal',
      { n: new JsonNumberText('1.50') },
      { n: new JsonNumberText('1.50') },
    ],
    ['null', null, null],
    ['strings', 'a', 'a'],
  ])('ignores %s', (_, a, b) => {
    expect(sameJson(a, b)).toBe(true);
    expect(sameJson(b, a)).toBe(true);
  });

  it.each([
    ['array order', [1, 2], [2, 1]],
    ['an array and an object keyed by its indexes', [1, 2], { 0: 1, 1: 2 }],
    ['array order of objects', [{ a: 1 }, { b: 1 }], [{ b: 1 }, { a: 1 }]],
    ['a value', { a: 1 }, { a: 2 }],
    ['a nested value', { a: { b: 'x' } }, { a: { b: 'y' } }],
    ['an extra field', { a: 1 }, { a: 1, b: 2 }],
    ['null and an empty object', null, {}],
    ['a number and its text', 1, '1'],
    ['number literals', new JsonNumberText('1.50'), new JsonNumberText('1.5')],
    [
      'a number kept as text and an object holding that text',
      new JsonNumberText('1'),
      { text: '1' },
    ],
  ])('tells apart %s', (_, a, b) => {
    expect(sameJson(a, b)).toBe(false);
    expect(sameJson(b, a)).toBe(false);
  });
});
