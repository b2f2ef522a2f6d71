import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luceneRegExp } from '../../../../../functions/core/api-keys/query/lucene-regexp.js';

describe('Lucene regular expressions for terms include/exclude', () => {
  it('matches whole values with classes, groups, alternation and repetition', () => {
    const re = luceneRegExp('(prod|stag)e?-[0-9]{2,3}.*', 'include');

    expect(re.test('prod-12')).toBe(true);
    expect(re.test('stage-123-x')).toBe(true);
    expect(re.test('prod-1')).toBe(false);
    expect(re.test('xprod-12')).toBe(false);
    expect(luceneRegExp('[^a-c]+', 'include').test('xyz')).toBe(true);
    expect(luceneRegExp('[^a-c]+', 'include').test('xaz')).toBe(false);
    expect(luceneRegExp('"a.b"\\*', 'include').test('a.b*')).toBe(true);
  });

  it('reads long runs of repetitions quickly', () => {
    expect(luceneRegExp('a{1}'.repeat(500), 'include').test('a'.repeat(500))).toBe(true);
  });

  it('runs in linear time on patterns that explode backtracking engines', () => {
    const re = luceneRegExp('(a+)+b', 'include');

    expect(re.test('a'.repeat(5000))).toBe(false);
    expect(re.test(`${'a'.repeat(5000)}b`)).toBe(true);
  });

  it('supports \\d \\s \\w and their negations, and escapes in range ends', () => {
    expect(luceneRegExp('\\d+', 'include').test('123')).toBe(true);
    expect(luceneRegExp('\\d+', 'include').test('ddd')).toBe(false);
    expect(luceneRegExp('[\\w-]+\\S', 'include').test('key_1-x!')).toBe(true);
    expect(luceneRegExp('[!-\\]]', 'include').test(']')).toBe(true);
  });

  it('refuses malformed, reversed, deeply nested and explosive patterns with a 400', () => {
    for (const pattern of [
      '(',
      'a{3,1}',
      '~a',
      'a&b',
      '*a',
      '[a-',
      '[z-a]',
      `${'('.repeat(500)}a${')'.repeat(500)}`,
      '((((){100}){100}){100}){100}',
      '(((.?){10}){10}){30}',
    ]) {
      expect(() => luceneRegExp(pattern, 'include')).toThrowError(
        expect.objectContaining({ status: 400, type: 'illegal_argument_exception' }),
      );
    }
  });

  it('agrees with JavaScript regular expressions on their common syntax', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '(a|b)', '(ab)');
    const piece = fc
      .tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,2}'))
      .map(([a, q]) => a + q);
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 6 }),
        (pieces, chars) => {
          const pattern = pieces.join('');
          const value = chars.join('');

          expect(luceneRegExp(pattern, 'include').test(value)).toBe(
            new RegExp(`^(?:${pattern})$`).test(value),
          );
        },
      ),
    );
  });
});
