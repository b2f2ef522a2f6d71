import type { Credentials } from '../core/security/authentication.js';

export type ParsedAuthorization =
  | { kind: 'none' }
  | { kind: 'credentials'; credentials: Credentials }
  | { kind: 'invalid'; scheme: 'apikey' | 'basic'; message: string };

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Java's Base64.getDecoder(): the standard alphabet only, padding optional. */
function decodeStandardBase64(value: string): string | undefined {
  if (!STANDARD_BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * Parses an Authorization header as ES does: a case-insensitive `ApiKey ` or `Basic ` prefix,
 * standard base64, and a split on the first `:`. Other schemes count as no credentials.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (!header) {
    return { kind: 'none' };
  }
  const apiKey = /^ApiKey (.+)$/is.exec(header);
  if (apiKey) {
    const decoded = decodeStandardBase64((apiKey[1] as string).trim());
    const colon = decoded?.indexOf(':') ?? -1;
    if (decoded === undefined || colon < 1) {
      return { kind: 'invalid', scheme: 'apikey', message: 'invalid ApiKey value' };
    }
    return {
      kind: 'credentials',
      credentials: {
        scheme: 'apikey',
        id: decoded.slice(0, colon),
        secret: decoded.slice(colon + 1),
      },
    };
  }
  const basic = /^Basic (.*)$/is.exec(header);
  if (basic) {
    const decoded = decodeStandardBase64((basic[1] as string).trim());
    if (decoded === undefined) {
      return {
        kind: 'invalid',
        scheme: 'basic',
        message: 'invalid basic authentication header encoding',
      };
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      return {
        kind: 'invalid',
        scheme: 'basic',
        message: 'invalid basic authentication header value',
      };
    }
    return {
      kind: 'credentials',
      credentials: {
        scheme: 'basic',
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
      },
    };
  }
  return { kind: 'none' };
}
