import {
  contentTooLarge,
  incompatibleContentType,
  malformedJson,
  unsupportedContentType,
} from '../core/errors.js';

/** The largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 1_048_576;

/** The body as it arrived: text the gateway already decoded, or the bytes it passed base64-encoded. */
export type RawBody = { kind: 'text'; text: string } | { kind: 'bytes'; bytes: Buffer };

export function rawBody(
  given: string | null | undefined,
  isBase64Encoded: boolean,
): RawBody | undefined {
  // API Gateway always passes text; serverless offline passes a JSON body of `false` or `0` as the
  // value it parsed (its event typing notwithstanding), which is written back as the same JSON.
  const body: unknown = given;
  if (body === null || body === undefined || body === '') {
    return undefined;
  }
  if (typeof body !== 'string') {
    return { kind: 'text', text: JSON.stringify(body) ?? '' };
  }
  return isBase64Encoded
    ? { kind: 'bytes', bytes: Buffer.from(body, 'base64') }
    : { kind: 'text', text: body };
}

/** Refuses a body over MAX_BODY_BYTES before any work is spent on it. */
export function checkBodySize(body: RawBody): void {
  const bytes = body.kind === 'bytes' ? body.bytes.length : Buffer.byteLength(body.text, 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    throw contentTooLarge(bytes, MAX_BODY_BYTES);
  }
}

/** Media types ES reads as JSON (XContentType.JSON and VND_JSON); the others it knows we cannot read. */
const JSON_MEDIA_TYPES = ['application/json', 'application/x-ndjson', 'application/*'];
const VENDOR_MEDIA_TYPES = [
  'application/vnd.elasticsearch+json',
  'application/vnd.elasticsearch+x-ndjson',
];
/** The REST API versions `compatible-with` may name: this service speaks 9 and accepts 8. */
const CURRENT_VERSION = 9;
const MINIMUM_VERSION = 8;

/**
 * RestController's check of a request that has a body: a Content-Type ES reads as JSON, else 406
 * (`Content-Type header is missing` when there is none). Browser-safelisted types such as
 * `text/plain` are refused too, which is what keeps a cross-site form from posting here.
 */
export function checkContentType(values: readonly string[]): void {
  const distinct = [...new Set(values)];
  const [header] = distinct;
  if (header === undefined || distinct.length > 1) {
    throw unsupportedContentType(distinct);
  }
  const [type = '', ...parameters] = header.split(';').map((part) => part.trim());
  const mediaType = type.toLowerCase();
  if (JSON_MEDIA_TYPES.includes(mediaType)) {
    return;
  }
  if (!VENDOR_MEDIA_TYPES.includes(mediaType)) {
    throw unsupportedContentType(distinct);
  }
  const compatibleWith = parameters
    .map((parameter) => parameter.split('='))
    .find(([name]) => name?.trim().toLowerCase() === 'compatible-with')?.[1]
    ?.trim();
  if (compatibleWith === undefined) {
    return;
  }
  if (!/^\d{1,9}$/.test(compatibleWith)) {
    throw unsupportedContentType(distinct);
  }
  const version = Number(compatibleWith);
  if (version < MINIMUM_VERSION || version > CURRENT_VERSION) {
    throw incompatibleContentType(
      `Content-Type version must be either version ${CURRENT_VERSION} or ${MINIMUM_VERSION}, but found ${version}. Content-Type=${header}`,
    );
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body's text. Bytes are decoded strictly: invalid UTF-8 is Jackson's 400, never silently
 * replaced. Text the gateway decoded itself has had invalid bytes replaced by U+FFFD already.
 */
export function bodyText(body: RawBody): string {
  if (body.kind === 'text') {
    return body.text;
  }
  try {
    return fatalUtf8.decode(body.bytes);
  } catch {
    throw invalidUtf8(body.bytes);
  }
}

function invalidUtf8(bytes: Buffer): Error {
  const { offset, message } = firstInvalidUtf8(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line += 1;
  }
  // Jackson reports the column just past the byte it could not read.
  return malformedJson(line, offset - lineStart + 2, message);
}

const hex = (byte: number): string => `0x${byte.toString(16)}`;

/** Where strict UTF-8 decoding (WHATWG, as TextDecoder) fails, in Jackson's words. */
export function firstInvalidUtf8(bytes: Buffer): { offset: number; message: string } {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      low = lead === 0xe0 ? 0xa0 : 0x80;
      high = lead === 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      low = lead === 0xf0 ? 0x90 : 0x80;
      high = lead === 0xf4 ? 0x8f : 0xbf;
    } else {
      return { offset: i, message: `Invalid UTF-8 start byte ${hex(lead)}` };
    }
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) {
        return {
          offset: i + k,
          message: 'Unexpected end-of-input in a multi-byte UTF-8 character',
        };
      }
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) {
        return { offset: i + k, message: `Invalid UTF-8 middle byte ${hex(next)}` };
      }
    }
    i += length;
  }
  return { offset: 0, message: 'Invalid UTF-8' };
}
