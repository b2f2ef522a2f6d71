import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { compare, hash } from 'bcryptjs';

export type HashAlgorithm = { name: 'bcrypt'; cost: number } | { name: 'ssha256' };

const SSHA256_PREFIX = '{SSHA256}';
const SSHA256_SALT_BYTES = 8;
/** base64 of 8 bytes is 12 characters, the layout ES uses for `{SSHA256}`. */
const SSHA256_SALT_CHARS = 12;

/**
 * bcrypt runs one hash at a time per process, first come first served. bcryptjs yields between
 * chunks, so parallel hashes would otherwise take turns and *all* finish late (200 parallel
 * creates: none answered in time); in turn, the first callers finish at once. A Lambda instance
 * serves one request at a time, so there this costs nothing.
 */
let bcryptTail: Promise<unknown> = Promise.resolve();

/** A queued hash whose caller no longer wants it: skipped, not computed. */
export class HashSkippedError extends Error {
  constructor() {
    super('the hash was no longer wanted when its turn came');
    this.name = 'HashSkippedError';
  }
}

function oneAtATime<T>(work: () => Promise<T>, wanted: () => boolean = () => true): Promise<T> {
  const turn = () => (wanted() ? work() : Promise.reject(new HashSkippedError()));
  const run = bcryptTail.then(turn, turn);
  bcryptTail = run.catch(() => undefined);
  return run;
}

function ssha256Digest(secret: string, salt: Buffer): Buffer {
  return createHash('sha256').update(secret, 'utf8').update(salt).digest();
}

/**
 * Hashes a secret in a self-describing format (`$2b$…` for bcrypt, `{SSHA256}…` for salted
 * SHA-256), so hashes made under an older setting keep verifying after the setting changes.
 */
export async function hashSecret(
  secret: string,
  algorithm: HashAlgorithm,
  /** Checked when a queued bcrypt hash's turn comes; false skips it (HashSkippedError). */
  wanted?: () => boolean,
): Promise<string> {
  if (algorithm.name === 'bcrypt') {
    return oneAtATime(() => hash(secret, algorithm.cost), wanted);
  }
  const salt = randomBytes(SSHA256_SALT_BYTES);
  return `${SSHA256_PREFIX}${salt.toString('base64')}${ssha256Digest(secret, salt).toString('base64')}`;
}

/** Verifies a secret against a stored hash of any supported format; unknown formats never match. */
export async function verifySecret(secret: string, storedHash: string): Promise<boolean> {
  if (storedHash.startsWith(SSHA256_PREFIX)) {
    const body = storedHash.slice(SSHA256_PREFIX.length);
    const salt = Buffer.from(body.slice(0, SSHA256_SALT_CHARS), 'base64');
    const expected = Buffer.from(body.slice(SSHA256_SALT_CHARS), 'base64');
    const actual = ssha256Digest(secret, salt);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  if (/^\$2[aby]\$\d\d\$/.test(storedHash)) {
    return oneAtATime(() => compare(secret, storedHash));
  }
  return false;
}
