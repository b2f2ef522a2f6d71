import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { count, type Metrics, NO_METRICS } from '../metrics.js';

interface Entry {
  storedHash: string;
  fastHash: Buffer;
  expiresAt: number;
}

/**
 * ES's API key authentication cache: after a slow-hash verification succeeds, remember a salted
 * SHA-256 of the secret for that id and stored hash, so the next request with the same secret
 * skips bcrypt. It holds only "this secret matched this stored hash"; the caller still reads the
 * key's state on every request, so the cache can never delay a revocation.
 * Bounded (least recently used evicted first), expire-after-access, `maxEntries` 0 disables it.
 */
export class VerifiedCredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly salt = randomBytes(16);

  constructor(
    private readonly ttlMillis: number,
    private readonly maxEntries: number,
    private readonly clock: Clock,
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  private get enabled(): boolean {
    return this.ttlMillis > 0 && this.maxEntries > 0;
  }

  private fastHash(secret: string): Buffer {
    return createHash('sha256').update(this.salt).update(secret, 'utf8').digest();
  }

  /**
   * True only if this exact secret was verified against this exact stored hash recently. Every
   * caller verifies the slow hash on false, so hits and misses are counted here.
   */
  matches(id: string, storedHash: string, secret: string): boolean {
    const hit = this.lookup(id, storedHash, secret);
    count(this.metrics, hit ? 'VerifiedCacheHits' : 'ColdVerifications');
    return hit;
  }

  private lookup(id: string, storedHash: string, secret: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) {
      return false;
    }
    const now = this.clock();
    if (entry.expiresAt <= now || entry.storedHash !== storedHash) {
      this.entries.delete(id);
      return false;
    }
    if (!timingSafeEqual(entry.fastHash, this.fastHash(secret))) {
      return false;
    }
    this.entries.delete(id);
    this.entries.set(id, { ...entry, expiresAt: now + this.ttlMillis });
    return true;
  }

  remember(id: string, storedHash: string, secret: string): void {
    if (!this.enabled) {
      return;
    }
    this.entries.delete(id);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) {
        break;
      }
      this.entries.delete(oldest.value);
    }
    this.entries.set(id, {
      storedHash,
      fastHash: this.fastHash(secret),
      expiresAt: this.clock() + this.ttlMillis,
    });
  }

  evict(ids: Iterable<string>): void {
    for (const id of ids) {
      this.entries.delete(id);
    }
  }

  /** Whether a verified secret is remembered for this id (expired entries included until read). */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
