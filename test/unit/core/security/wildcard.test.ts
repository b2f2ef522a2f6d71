import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wildcardMatch, wildcardToRegExp } from '../../../../functions/core/security/wildcard.js';

describe('ES simple wildcard patterns', () => {
  it.each([
    ['*', ''],
    ['*', 'anything/at:all'],
    ['cluster:admin/xpack/security/api_key/*', 'cluster:admin/xpack/security/api_key/create'],
    ['app-*', 'app-1'],
    ['*-prod', 'eu-prod'],
    ['a*c', 'abbbc'],
    ['?', 'x'],
    ['a?c', 'abc'],
  ])('matches %s against %s', (pattern, value) => {
    const matched = wildcardMatch(pattern, value);

    expect(matched).toBe(true);
  });

  it.each([
    ['app-*', 'other-1'],
    ['a?c', 'ac'],
    ['a?c', 'abbc'],
    ['?', ''],
    ['a.b', 'axb'],
    ['a+', 'aa'],
    ['(a)', 'a'],
    ['[ab]', 'a'],
    ['a*', 'ba'],
  ])('does not match %s against %s', (pattern, value) => {
    const matched = wildcardMatch(pattern, value);

    expect(matched).toBe(false);
  });

  it('treats regex metacharacters in a wildcard pattern literally', () => {
    const regExp = wildcardToRegExp('a.b*');

    expect(regExp.test('a.bcd')).toBe(true);
    expect(regExp.test('axbcd')).toBe(false);
  });

  it('lets * span line breaks', () => {
    const matched = wildcardMatch('a*b', 'a\nb');

    expect(matched).toBe(true);
  });

  it('matches a pattern without wildcards only against itself', () => {
    const literal = fc.string().filter((s) => !s.includes('*') && !s.includes('?'));

    fc.assert(
      fc.property(literal, fc.string(), (pattern, other) => {
        expect(wildcardMatch(pattern, pattern)).toBe(true);
        expect(wildcardMatch(pattern, other)).toBe(pattern === other);
      }),
    );
  });

  it('compiles any literal pattern to a regex that matches only itself', () => {
    const literal = fc.string().filter((s) => !s.includes('*') && !s.includes('?'));

    fc.assert(
      fc.property(literal, fc.string(), (pattern, other) => {
        const regExp = wildcardToRegExp(pattern);

        expect(regExp.test(pattern)).toBe(true);
        expect(regExp.test(other)).toBe(pattern === other);
      }),
    );
  });

  it('matches any value with a prefix pattern that starts it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        const pattern = `${prefix.replace(/[*?]/g, '')}*`;

        expect(wildcardMatch(pattern, `${pattern.slice(0, -1)}${rest}`)).toBe(true);
      }),
    );
  });
});
