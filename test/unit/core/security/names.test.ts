import { describe, expect, it } from 'vitest';
import {
  invalidNameMessage,
  isValidSecurityName,
} from '../../../../functions/core/security/names.js';

describe('ES user and role names (NativeRealmValidationUtil)', () => {
  it.each([['a'], ['x'.repeat(507)], ['a b'], ['~!@#$%^&*()_+`-={}|[]\\:";\'<>?,./'], ['Zz09']])(
    'accepts %j',
    (name) => {
      expect(isValidSecurityName(name)).toBe(true);
    },
  );

  it.each([
    ['', 'empty'],
    ['x'.repeat(508), 'over 507 characters'],
    [' a', 'leading space'],
    ['a ', 'trailing space'],
    [' ', 'only a space'],
    ['a\tb', 'a control character'],
    ['a\x1fb', 'below the printable range'],
    ['a\x7fb', 'DEL'],
    ['é', 'outside Basic Latin'],
    ['a\nb', 'a line break'],
  ])('rejects %j (%s)', (name) => {
    expect(isValidSecurityName(name)).toBe(false);
  });

  it('words the error as ES does, per kind', () => {
    expect(invalidNameMessage('User')).toBe(
      'User names must be at least 1 and no more than 507 characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols in the Basic Latin (ASCII) block. Leading or trailing whitespace is not allowed.',
    );
    expect(invalidNameMessage('Role')).toMatch(/^Role names must be at least 1 /);
  });
});
