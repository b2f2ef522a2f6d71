import { randomBytes } from 'node:crypto';

/** ES ids are 20 URL-safe base64 characters (15 bytes). */
export function generateApiKeyId(): string {
  return randomBytes(15).toString('base64url');
}

/** ES secrets are 22 URL-safe base64 characters from 16 random bytes (128 bits). */
export function generateApiKeySecret(): string {
  return randomBytes(16).toString('base64url');
}

/** The `encoded` credential: standard, padded base64 of `id:secret`. */
export function encodeApiKey(id: string, secret: string): string {
  return Buffer.from(`${id}:${secret}`, 'utf8').toString('base64');
}
