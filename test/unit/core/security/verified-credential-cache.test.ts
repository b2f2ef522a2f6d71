import { describe, expect, it } from 'vitest';
import { VerifiedCredentialCache } from '../../../../functions/core/security/verified-credential-cache.js';

function cacheAt(ttlMillis: number, maxEntries: number) {
  let now = 1_000;
  const cache = new VerifiedCredentialCache(ttlMillis, maxEntries, () => now);
  return {
    cache,
    advance: (millis: number) => {
      now += millis;
    },
  };
}

describe('API key authentication cache', () => {
  it('matches a remembered id, stored hash and secret', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('id', 'hash', 'secret');

    const result = cache.matches('id', 'hash', 'secret');

    expect(result).toBe(true);
  });

  it('never matches a wrong secret', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('id', 'hash', 'secret');

    const results = [cache.matches('id', 'hash', 'Secret'), cache.matches('id', 'hash', '')];

    expect(results).toEqual([false, false]);
  });

  it('does not match when the stored hash changed, and forgets the entry', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('id', 'hash', 'secret');

    const changed = cache.matches('id', 'other-hash', 'secret');
    const original = cache.matches('id', 'hash', 'secret');

    expect(changed).toBe(false);
    expect(original).toBe(false);
  });

  it('does not match an unknown id', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('id', 'hash', 'secret');

    const result = cache.matches('other', 'hash', 'secret');

    expect(result).toBe(false);
  });

  it('expires an entry exactly ttl after its last access', () => {
    const { cache, advance } = cacheAt(1_000, 10);
    cache.remember('id', 'hash', 'secret');

    advance(999);
    const beforeTtl = cache.matches('id', 'hash', 'secret');
    advance(999);
    const refreshedByAccess = cache.matches('id', 'hash', 'secret');
    advance(1_000);
    const atTtl = cache.matches('id', 'hash', 'secret');

    expect([beforeTtl, refreshedByAccess, atTtl]).toEqual([true, true, false]);
    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries, evicting the least recently used', () => {
    const { cache } = cacheAt(60_000, 2);
    cache.remember('a', 'h', 's');
    cache.remember('b', 'h', 's');
    cache.matches('a', 'h', 's');

    cache.remember('c', 'h', 's');

    expect(cache.size).toBe(2);
    expect(cache.matches('b', 'h', 's')).toBe(false);
    expect(cache.matches('a', 'h', 's')).toBe(true);
    expect(cache.matches('c', 'h', 's')).toBe(true);
  });

  it('never grows past maxEntries however many ids are remembered', () => {
    const { cache } = cacheAt(60_000, 3);

    for (let i = 0; i < 50; i += 1) {
      cache.remember(`id-${i}`, 'h', 's');
    }

    expect(cache.size).toBe(3);
  });

  it.each([
    ['a zero ttl', 0, 10],
    ['a zero maxEntries', 60_000, 0],
  ])('is disabled by %s', (_label, ttl, max) => {
    const { cache } = cacheAt(ttl, max);

    cache.remember('id', 'hash', 'secret');

    expect(cache.size).toBe(0);
    expect(cache.matches('id', 'hash', 'secret')).toBe(false);
  });

  it('forgets evicted ids and keeps the others', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('a', 'h', 's');
    cache.remember('b', 'h', 's');

    cache.evict(['a']);

    expect(cache.matches('a', 'h', 's')).toBe(false);
    expect(cache.matches('b', 'h', 's')).toBe(true);
  });

  it('forgets everything on clear', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('a', 'h', 's');
    cache.remember('b', 'h', 's');

    cache.clear();

    expect(cache.size).toBe(0);
    expect(cache.matches('a', 'h', 's')).toBe(false);
  });

  it('replaces the entry when an id is remembered again with a new secret', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('id', 'h', 'old');

    cache.remember('id', 'h', 'new');

    expect(cache.size).toBe(1);
    expect(cache.matches('id', 'h', 'old')).toBe(false);
    expect(cache.matches('id', 'h', 'new')).toBe(true);
  });
});

describe('API key authentication cache bounds', () => {
  it('counts remembering an id again as a use, so the least recently used is evicted', () => {
    const { cache } = cacheAt(60_000, 2);
    cache.remember('a', 'hash', 'secret');
    cache.remember('b', 'hash', 'secret');
    cache.remember('a', 'hash', 'secret');

    cache.remember('c', 'hash', 'secret');

    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });

  it('remembers an id again without evicting another when full', () => {
    const { cache } = cacheAt(60_000, 2);
    cache.remember('a', 'hash', 'secret');
    cache.remember('b', 'hash', 'secret');

    cache.remember('b', 'hash', 'other');

    expect([cache.has('a'), cache.matches('b', 'hash', 'other'), cache.size]).toEqual([
      true,
      true,
      2,
    ]);
  });

  it('forgets everything on clear', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.remember('a', 'hash', 'secret');

    cache.clear();

    expect([cache.size, cache.matches('a', 'hash', 'secret')]).toEqual([0, false]);
  });
});
