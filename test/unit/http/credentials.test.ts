import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuthorization } from '../../../functions/http/credentials.js';

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

describe('Authorization header parsing', () => {
  it('decodes ApiKey base64(id:secret) into the id and secret', () => {
    const parsed = parseAuthorization(
      `ApiKey ${base64('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw')}`,
    );

    expect(parsed).toEqual({
      kind: 'credentials',
      credentials: {
        scheme: 'apikey',
        id: 'VuaCfGcBCdbkQm-e5aOx',
        secret: 'ui2lp2axTNmsyakw9tvNnw',
      },
    });
  });

  it('round-trips any id without a colon and any secret through the ApiKey header', () => {
    const id = fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes(':'));
    const secret = fc.string({ unit: 'grapheme' });

    fc.assert(
      fc.property(id, secret, (keyId, keySecret) => {
        const parsed = parseAuthorization(`ApiKey ${base64(`${keyId}:${keySecret}`)}`);

        expect(parsed).toEqual({
          kind: 'credentials',
          credentials: { scheme: 'apikey', id: keyId, secret: keySecret },
        });
      }),
    );
  });

  it.each(['apikey', 'APIKEY', 'aPiKeY'])(
    'accepts the %s prefix case-insensitively, as ES does',
    (prefix) => {
      const parsed = parseAuthorization(`${prefix} ${base64('id:secret')}`);

      expect(parsed).toEqual({
        kind: 'credentials',
        credentials: { scheme: 'apikey', id: 'id', secret: 'secret' },
      });
    },
  );

  it('splits on the first colon, so the secret may contain colons', () => {
    const parsed = parseAuthorization(`ApiKey ${base64('id:se:cr:et')}`);

    expect(parsed).toEqual({
      kind: 'credentials',
      credentials: { scheme: 'apikey', id: 'id', secret: 'se:cr:et' },
    });
  });

  it('rejects a URL-safe base64 value as invalid ApiKey value, since ES uses the standard decoder', () => {
    const standard = base64('id:~~~???');
    const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_');

    const parsed = parseAuthorization(`ApiKey ${urlSafe}`);

    expect(urlSafe).toMatch(/[-_]/);
    expect(parsed).toEqual({ kind: 'invalid', scheme: 'apikey', message: 'invalid ApiKey value' });
  });

  it('rejects a raw id:key that is not base64 as invalid ApiKey value', () => {
    const parsed = parseAuthorization('ApiKey id:secret');

    expect(parsed).toEqual({ kind: 'invalid', scheme: 'apikey', message: 'invalid ApiKey value' });
  });

  it('rejects an empty id as invalid ApiKey value', () => {
    const parsed = parseAuthorization(`ApiKey ${base64(':secret')}`);

    expect(parsed).toEqual({ kind: 'invalid', scheme: 'apikey', message: 'invalid ApiKey value' });
  });

  it('rejects a decoded value without a colon as invalid ApiKey value', () => {
    const parsed = parseAuthorization(`ApiKey ${base64('nocolon')}`);

    expect(parsed).toEqual({ kind: 'invalid', scheme: 'apikey', message: 'invalid ApiKey value' });
  });

  it('decodes Basic credentials, keeping colons in the password', () => {
    const parsed = parseAuthorization(`Basic ${base64('elastic:pa:ss')}`);

    expect(parsed).toEqual({
      kind: 'credentials',
      credentials: { scheme: 'basic', username: 'elastic', password: 'pa:ss' },
    });
  });

  it('accepts the Basic prefix case-insensitively', () => {
    const parsed = parseAuthorization(`basic ${base64('u:p')}`);

    expect(parsed).toEqual({
      kind: 'credentials',
      credentials: { scheme: 'basic', username: 'u', password: 'p' },
    });
  });

  it('rejects a Basic value that is not base64 as invalid', () => {
    const parsed = parseAuthorization('Basic u:p');

    expect(parsed.kind).toBe('invalid');
  });

  it('rejects a Basic value without a colon as invalid', () => {
    const parsed = parseAuthorization(`Basic ${base64('nocolon')}`);

    expect(parsed).toEqual({
      kind: 'invalid',
      scheme: 'basic',
      message: 'invalid basic authentication header value',
    });
  });

  it.each([
    ['a Bearer token', 'Bearer abc'],
    ['an unknown scheme', 'Negotiate abc'],
    ['an empty header', ''],
    ['an ApiKey prefix without a value', 'ApiKey '],
  ])('treats %s as no credentials', (_label, header) => {
    const parsed = parseAuthorization(header);

    expect(parsed).toEqual({ kind: 'none' });
  });

  it('treats a missing header as no credentials', () => {
    const parsed = parseAuthorization(undefined);

    expect(parsed).toEqual({ kind: 'none' });
  });
});
