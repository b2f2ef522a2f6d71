import { describe, expect, it } from 'vitest';
import { headerValues, singleHeaderValue } from '../../../functions/http/headers.js';

describe('headerValues', () => {
  it('reads every value from multiValueHeaders, whatever the case of the name', () => {
    const values = headerValues(
      { Authorization: 'b' },
      { Authorization: ['a'], authorization: ['b'] },
      'authorization',
    );

    expect(values).toEqual(['a', 'b']);
  });

  it('falls back to headers when multiValueHeaders lacks the header', () => {
    expect(headerValues({ 'Content-Type': 'application/json' }, null, 'content-type')).toEqual([
      'application/json',
    ]);
  });

  it('gives no values for an absent header', () => {
    expect(headerValues({}, {}, 'authorization')).toEqual([]);
  });
});

describe('singleHeaderValue', () => {
  it('treats repeats of one value as that value, as ES does', () => {
    expect(singleHeaderValue(['ApiKey x', 'ApiKey x'])).toEqual({ kind: 'one', value: 'ApiKey x' });
  });

  it('refuses two distinct values', () => {
    expect(singleHeaderValue(['ApiKey x', 'Basic y'])).toEqual({ kind: 'several' });
  });

  it('reports no value', () => {
    expect(singleHeaderValue([])).toEqual({ kind: 'none' });
  });
});
