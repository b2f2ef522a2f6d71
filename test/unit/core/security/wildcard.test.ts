import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase, wildcardMatch } from '../../../../functions/core/security/wildcard.js';

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
    expect(wildcardMatch('a.b*', 'a.bcd')).toBe(true);
    expect(wildcardMatch('a.b*', 'axbcd')).toBe(false);
    expect(wildcardMatch('(a+)+$', '(a+)+$')).toBe(true);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const value = 'a'.repeat(5000);

    expect(wildcardMatch('*a*a*a*a*a*a*a*a*a*a*c', value)).toBe(false);
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*a*a*', value)).toBe(true);
  });

  it('escapes with backslash and folds case only when asked', () => {
    expect(wildcardMatch('ops\\*', 'ops*', { escapes: true })).toBe(true);
    expect(wildcardMatch('ops\\*', 'opsx', { escapes: true })).toBe(false);
    expect(wildcardMatch('CI-*', 'ci-deploy', { caseInsensitive: true })).toBe(true);
    expect(wildcardMatch('CI-*', 'ci-deploy')).toBe(false);
    expect(wildcardMatch('*Σ', 'ΑΣ', { caseInsensitive: true })).toBe(true);
    expect(wildcardMatch('?', 'İ', { caseInsensitive: true })).toBe(true);
  });

  it('agrees with an equivalent regular expression on generated patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '.');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }),
        fc.array(fc.constantFrom('a', 'b', '.'), { maxLength: 10 }),
        (p, v) => {
          const pattern = p.join('');
          const value = v.join('');
          const regExp = new RegExp(
            `^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]')}$`,
          );

          expect(wildcardMatch(pattern, value)).toBe(regExp.test(value));
        },
      ),
    );
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

  it('matches any value with a prefix pattern that starts it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        const pattern = `${prefix.replace(/[*?]/g, '')}*`;

        expect(wildcardMatch(pattern, `${pattern.slice(0, -1)}${rest}`)).toBe(true);
      }),
    );
  });
});

describe('case folding and escapes', () => {
  it('lower-cases code point by code point, keeping a character whose lower case is longer', () => {
    expect(foldCase('AbC-ΣΑΣ')).toBe('abc-σασ');
    expect(foldCase('İx')).toBe('İx');
    expect(foldCase('')).toBe('');
  });

  it('folds both sides of a pattern with no wildcard', () => {
    expect(wildcardMatch('Logs-A', 'LOGS-a', { caseInsensitive: true })).toBe(true);
    expect(wildcardMatch('Logs-A', 'logs-b', { caseInsensitive: true })).toBe(false);
    expect(wildcardMatch('Logs-A', 'logs-a')).toBe(false);
  });

  it('reads a trailing backslash as a literal backslash', () => {
    expect(wildcardMatch('ab\\', 'ab\\', { escapes: true })).toBe(true);
    expect(wildcardMatch('ab\\', 'ab', { escapes: true })).toBe(false);
    expect(wildcardMatch('a\\\\', 'a\\', { escapes: true })).toBe(true);
  });
});
