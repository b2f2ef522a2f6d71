interface Entry {
  /** When the first authorizer call still in flight for this identity returns. */
  readyAt: number;
  expiresAt: number;
}

/**
 * A model of API Gateway's authorizer result cache: one entry per identity-source value, kept
 * for the TTL after the authorizer returns, all dropped by a stage flush (what
 * functions/store/authorizer-cache.ts asks for on every invalidation). Requests that arrive
 * while the authorizer runs for their identity miss too: the gateway is assumed not to coalesce
 * them, the pessimistic case for the store. TTL 0 caches nothing.
 */
export class GatewayResultCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly ttlMillis: number) {}

  /** Whether a cached result answers a request for this identity at `now`. */
  answers(identity: number, now: number): boolean {
    const entry = this.entries.get(identity);
    return entry !== undefined && entry.readyAt <= now && now < entry.expiresAt;
  }

  /** An authorizer call for this identity, started at `now`, returns at `returnsAt`. */
  called(identity: number, now: number, returnsAt: number): void {
    if (this.ttlMillis === 0) {
      return;
    }
    const entry = this.entries.get(identity);
    if (entry !== undefined && entry.expiresAt > now) {
      entry.readyAt = Math.min(entry.readyAt, returnsAt);
      entry.expiresAt = Math.max(entry.expiresAt, returnsAt + this.ttlMillis);
      return;
    }
    this.entries.set(identity, { readyAt: returnsAt, expiresAt: returnsAt + this.ttlMillis });
  }

  flush(): void {
    this.entries.clear();
  }
}
