import { describe, expect, it } from 'vitest';
import {
  bodyText,
  checkBodySize,
  checkContentType,
  firstInvalidUtf8,
  MAX_BODY_BYTES,
  rawBody,
} from '../../../functions/http/request-body.js';
import { thrown } from '../thrown.js';

describe('checkContentType', () => {
  it.each([
    'application/json',
    'application/json; charset=UTF-8',
    'Application/JSON;charset=utf-8',
    'application/x-ndjson',
    'application/*',
    'application/vnd.elasticsearch+json; compatible-with=9',
    'application/vnd.elasticsearch+json;compatible-with=8',
    'application/vnd.elasticsearch+json',
    'application/vnd.elasticsearch+x-ndjson; compatible-with=9',
  ])('accepts %s', (value) => {
    expect(() => checkContentType([value])).not.toThrow();
  });

  it.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'application/xml',
    'application/yaml',
    'application/vnd.elasticsearch+json; compatible-with=x',
  ])('refuses %s with 406 `Content-Type header [...] is not supported`', (value) => {
    const error = thrown(() => checkContentType([value]));

    expect(error.status).toBe(406);
    expect(error.responseBody()).toEqual({
      error: `Content-Type header [${value}] is not supported`,
      status: 406,
    });
  });

  it('refuses a body without a content type with 406 `Content-Type header is missing`', () => {
    const error = thrown(() => checkContentType([]));

    expect(error.responseBody()).toEqual({ error: 'Content-Type header is missing', status: 406 });
  });

  it('refuses two different content types', () => {
    const error = thrown(() => checkContentType(['application/json', 'text/plain']));

    expect(error.status).toBe(406);
  });

  it('refuses a compatible-with version other than 8 or 9 with 400 media_type_header_exception', () => {
    const header = 'application/vnd.elasticsearch+json; compatible-with=7';

    const error = thrown(() => checkContentType([header]));

    expect(error.responseBody()).toEqual({
      error: {
        root_cause: [
          {
            type: 'status_exception',
            reason: `Content-Type version must be either version 9 or 8, but found 7. Content-Type=${header}`,
          },
        ],
        type: 'media_type_header_exception',
        reason: 'Invalid media-type value on headers [Content-Type]',
        caused_by: {
          type: 'status_exception',
          reason: `Content-Type version must be either version 9 or 8, but found 7. Content-Type=${header}`,
        },
      },
      status: 400,
    });
  });
});

describe('checkBodySize', () => {
  it('accepts a body of exactly the limit and refuses one byte more with 413', () => {
    const at = rawBody('x'.repeat(MAX_BODY_BYTES), false);
    const over = rawBody('x'.repeat(MAX_BODY_BYTES + 1), false);
    if (at === undefined || over === undefined) {
      throw new Error('expected bodies');
    }

    expect(() => checkBodySize(at)).not.toThrow();
    const error = thrown(() => checkBodySize(over));
    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 413,
      type: 'status_exception',
      reason: `request body is too large: [${MAX_BODY_BYTES + 1}] bytes, the limit is [${MAX_BODY_BYTES}] bytes`,
    });
  });

  it('counts UTF-8 bytes, not characters', () => {
    const body = rawBody('é'.repeat(MAX_BODY_BYTES / 2 + 1), false);
    if (body === undefined) {
      throw new Error('expected a body');
    }

    expect(thrown(() => checkBodySize(body)).status).toBe(413);
  });

  it('counts the decoded bytes of a base64 body', () => {
    const body = rawBody(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20).toString('base64'), true);
    if (body === undefined) {
      throw new Error('expected a body');
    }

    expect(thrown(() => checkBodySize(body)).status).toBe(413);
  });
});

describe('bodyText', () => {
  const bytes = (...parts: readonly (string | readonly number[])[]): string =>
    Buffer.concat(
      parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
    ).toString('base64');

  it('decodes valid UTF-8 from a base64 body', () => {
    const body = rawBody(Buffer.from('{"name":"é✓😀"}').toString('base64'), true);
    if (body === undefined) {
      throw new Error('expected a body');
    }

    expect(bodyText(body)).toBe('{"name":"é✓😀"}');
  });

  it.each([
    ['a lone 0xff', ['{"name":"', [0xff], '"}'], 'Invalid UTF-8 start byte 0xff', 11],
    ['a stray continuation byte', ['{"name":"', [0x80], '"}'], 'Invalid UTF-8 start byte 0x80', 11],
    [
      'a broken two-byte sequence',
      ['{"name":"', [0xc3, 0x41], '"}'],
      'Invalid UTF-8 middle byte 0x41',
      12,
    ],
    [
      'an encoded surrogate',
      ['{"name":"', [0xed, 0xa0, 0x80], '"}'],
      'Invalid UTF-8 middle byte 0xa0',
      12,
    ],
    [
      'an overlong encoding',
      ['{"name":"', [0xc0, 0xaf], '"}'],
      'Invalid UTF-8 start byte 0xc0',
      11,
    ],
  ] as const)(
    'refuses %s with 400 x_content_parse_exception instead of replacing it',
    (_label, parts, message, column) => {
      const body = rawBody(bytes(...parts), true);
      if (body === undefined) {
        throw new Error('expected a body');
      }

      const error = thrown(() => bodyText(body));

      expect(error.status).toBe(400);
      expect(error.type).toBe('x_content_parse_exception');
      expect(error.reason.startsWith(`[1:${column}] ${message}\n at [Source: `)).toBe(true);
      expect(error.causedBy?.type).toBe('json_parse_exception');
    },
  );

  it('reports the line of an invalid byte after newlines', () => {
    expect(firstInvalidUtf8(Buffer.from([0x7b, 0x0a, 0x0a, 0x22, 0xfe]))).toEqual({
      offset: 4,
      message: 'Invalid UTF-8 start byte 0xfe',
    });
    const body = rawBody(Buffer.from([0x7b, 0x0a, 0x0a, 0x22, 0xfe]).toString('base64'), true);
    if (body === undefined) {
      throw new Error('expected a body');
    }
    expect(
      thrown(() => bodyText(body)).reason.startsWith('[3:3] Invalid UTF-8 start byte 0xfe'),
    ).toBe(true);
  });
});

describe('rawBody', () => {
  it('writes back a scalar JSON body that serverless offline passed as the value it parsed', () => {
    const parsed = (value: unknown) => rawBody(value as string, false);

    expect(parsed(false)).toEqual({ kind: 'text', text: 'false' });
    expect(parsed(0)).toEqual({ kind: 'text', text: '0' });
    expect(parsed(null)).toBeUndefined();
    expect(rawBody('{"a":1}', false)).toEqual({ kind: 'text', text: '{"a":1}' });
  });
});
