import { describe, expect, it } from 'vitest';
import {
  encodeApiKey,
  generateApiKeyId,
  generateApiKeySecret,
} from '../../../../functions/core/api-keys/credentials.js';

describe('API key credentials', () => {
  it('generates ids of 20 URL-safe base64 characters', () => {
    const ids = Array.from({ length: 50 }, generateApiKeyId);

    expect(ids.every((id) => /^[A-Za-z0-9_-]{20}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(50);
  });

  it('generates secrets of 22 URL-safe base64 characters', () => {
    const secrets = Array.from({ length: 50 }, generateApiKeySecret);

    expect(secrets.every((secret) => /^[A-Za-z0-9_-]{22}$/.test(secret))).toBe(true);
    expect(new Set(secrets).size).toBe(50);
  });

  it('encodes the credential as standard padded base64 of id:secret', () => {
    const encoded = encodeApiKey('VuaCfGcBCdbkQm-e5aOx', 'ui2lp2axTNmsyakw9tvNnw');

    expect(encoded).toBe('VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==');
  });
});
