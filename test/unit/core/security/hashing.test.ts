import { describe, expect, it } from 'vitest';
import {
  type HashAlgorithm,
  HashSkippedError,
  hashSecret,
  verifySecret,
} from '../../../../functions/core/security/hashing.js';

const BCRYPT: HashAlgorithm = { name: 'bcrypt', cost: 4 };
const SSHA256: HashAlgorithm = { name: 'ssha256' };

describe('API key secret hashing', () => {
  it.each([
    ['bcrypt', BCRYPT],
    ['ssha256', SSHA256],
  ])('verifies the right secret and refuses a wrong one under %s', async (_name, algorithm) => {
    const stored = await hashSecret('ui2lp2axTNmsyakw9tvNnw', algorithm);

    const results = await Promise.all([
      verifySecret('ui2lp2axTNmsyakw9tvNnw', stored),
      verifySecret('ui2lp2axTNmsyakw9tvNnW', stored),
      verifySecret('', stored),
    ]);

    expect(results).toEqual([true, false, false]);
  });

  it('writes {SSHA256} followed by a 12-character salt and a 44-character digest', async () => {
    const stored = await hashSecret('secret', SSHA256);

    expect(stored).toMatch(/^\{SSHA256\}[A-Za-z0-9+/=]{12}[A-Za-z0-9+/=]{44}$/);
  });

  it('writes bcrypt in the self-describing $2 format with the requested cost', async () => {
    const stored = await hashSecret('secret', BCRYPT);

    expect(stored).toMatch(/^\$2[aby]\$04\$.{53}$/);
  });

  it.each([
    ['bcrypt', BCRYPT],
    ['ssha256', SSHA256],
  ])('salts %s so two hashes of one secret differ', async (_name, algorithm) => {
    const [first, second] = await Promise.all([
      hashSecret('secret', algorithm),
      hashSecret('secret', algorithm),
    ]);

    expect(first).not.toBe(second);
  });

  it('verifies hashes of both algorithms without being told which, so switching the setting keeps old keys working', async () => {
    const [bcrypt, ssha] = await Promise.all([
      hashSecret('secret', BCRYPT),
      hashSecret('secret', SSHA256),
    ]);

    const results = await Promise.all([
      verifySecret('secret', bcrypt),
      verifySecret('secret', ssha),
    ]);

    expect(results).toEqual([true, true]);
  });

  it.each(['', 'secret', '{PBKDF2}10000$abc', '{SSHA256}short', '$2x$04$invalid'])(
    'never matches the unknown or damaged hash %j',
    async (stored) => {
      const result = await verifySecret('secret', stored);

      expect(result).toBe(false);
    },
  );

  it('verifies a secret with non-ASCII characters', async () => {
    const stored = await hashSecret('sécret-ü', SSHA256);

    const results = await Promise.all([
      verifySecret('sécret-ü', stored),
      verifySecret('secret-u', stored),
    ]);

    expect(results).toEqual([true, false]);
  });
});

describe('bcrypt hashes take turns, first come first served', () => {
  it('skips a queued hash its caller no longer wants, and still computes the others', async () => {
    let wanted = true;
    const first = hashSecret('first-secret-0123', BCRYPT, () => true);
    const second = hashSecret('second-secret-012', BCRYPT, () => wanted);
    const third = hashSecret('third-secret-0123', BCRYPT);
    wanted = false;

    const results = await Promise.allSettled([first, second, third]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(HashSkippedError);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      name: 'HashSkippedError',
      message: 'the hash was no longer wanted when its turn came',
    });
    expect(
      await verifySecret('third-secret-0123', (results[2] as PromiseFulfilledResult<string>).value),
    ).toBe(true);
  });

  it('finishes parallel hashes in the order they were asked for', async () => {
    const finished: number[] = [];

    await Promise.all(
      [0, 1, 2, 3].map((index) =>
        hashSecret(`secret-${index}-0123456789`, { name: 'bcrypt', cost: 8 }).then(() => {
          finished.push(index);
        }),
      ),
    );

    expect(finished).toEqual([0, 1, 2, 3]);
  });
});

describe('hash formats it does not know', () => {
  it.each([
    ['a $2 hash of an unknown version', `$2x$04$${'a'.repeat(53)}`],
    ['a bcrypt-like hash not at the start', `x$2b$04$${'a'.repeat(52)}`],
    ['plain text', 'secret'],
  ])('never match: %s', async (_, storedHash) => {
    await expect(verifySecret('secret', storedHash)).resolves.toBe(false);
  });
});
