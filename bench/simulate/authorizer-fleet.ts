import { VerifiedCredentialCache } from '../../functions/core/security/verified-credential-cache.js';
import { GatewayResultCache } from './gateway-result-cache.js';

export interface FleetSettings {
  keys: number;
  durationSeconds: number;
  instances: number;
  /** The gateway's authorizer result TTL (`resultTtlInSeconds`). */
  authorizerTtlSeconds: number;
  /** API_KEY_CACHE_TTL and API_KEY_CACHE_MAX_KEYS of each Lambda instance. */
  cacheTtlMillis: number;
  cacheMaxKeys: number;
  /** A warm authorizer call as the gateway waits for it: invocation plus one GetItem. */
  authorizerMillis: number;
  /** What a cold verification (the slow hash) adds to a call. */
  hashMillis: number;
}

/** The most (instance, key) pairs tracked as settled: one byte each. */
const MAX_SETTLED_PAIRS = 50_000_000;

/** How the gateway answered one request. */
export type Outcome = 'cached' | 'warm' | 'cold';

/**
 * The authorizer's path through API Gateway and Lambda for valid keys. A request the gateway's
 * result cache answers costs nothing else. Any other invokes the authorizer on one instance,
 * which runs ApiKeyService.authenticate: one strongly consistent GetItem of the key on every
 * call (revocation stays immediate), then the slow hash unless that instance's real
 * VerifiedCredentialCache matches the secret. Time is simulated: `at` sets every cache's clock.
 */
export class AuthorizerFleet {
  /** Simulated time starts at the real clock's reading; only differences matter to the caches. */
  private readonly origin = Date.now();
  private now = this.origin;
  private readonly instances: VerifiedCredentialCache[];
  private readonly gateway: GatewayResultCache;
  private readonly ids: string[] = [];
  /**
   * (instance, key) pairs whose verification can no longer lapse, when no entry can expire
   * during the run (TTL longer than the run) nor be evicted (every key fits): asking the cache
   * again would give the same answer, at a SHA-256 a call. Undefined when the cache must decide.
   */
  private readonly settled: Uint8Array | undefined;

  constructor(private readonly settings: FleetSettings) {
    const clock = () => this.now;
    this.instances = Array.from(
      { length: settings.instances },
      () => new VerifiedCredentialCache(settings.cacheTtlMillis, settings.cacheMaxKeys, clock),
    );
    this.gateway = new GatewayResultCache(settings.authorizerTtlSeconds * 1000);
    const lasting =
      settings.cacheTtlMillis > settings.durationSeconds * 1000 + settings.authorizerMillis &&
      settings.cacheMaxKeys >= settings.keys;
    const pairs = settings.instances * settings.keys;
    this.settled = lasting && pairs <= MAX_SETTLED_PAIRS ? new Uint8Array(pairs) : undefined;
  }

  private id(key: number): string {
    this.ids[key] ??= `key-${key}`;
    return this.ids[key];
  }

  /**
   * One request at time `at` (ms) with the key of rank `key`; `identity` is its identity-source
   * value (the credential, and the route when the identity sources include it).
   */
  request(at: number, key: number, identity: number, instance: number): Outcome {
    this.now = this.origin + at;
    if (this.gateway.answers(identity, at)) {
      return 'cached';
    }
    const pair = instance * this.settings.keys + key;
    const warm = this.settled?.[pair] === 1 || this.verify(instance, key);
    if (this.settled !== undefined) {
      this.settled[pair] = 1;
    }
    const took = this.settings.authorizerMillis + (warm ? 0 : this.settings.hashMillis);
    this.gateway.called(identity, at, at + took);
    return warm ? 'warm' : 'cold';
  }

  /** ApiKeyService.verifyKeySecret for the key's right secret: true when the cache matched it. */
  private verify(instance: number, key: number): boolean {
    const cache = this.instances[instance] as VerifiedCredentialCache;
    const id = this.id(key);
    // The stored hash and the secret are stand-ins: only their identity matters to the cache.
    if (cache.matches(id, id, id)) {
      return true;
    }
    cache.remember(id, id, id);
    return false;
  }

  /** FlushStageAuthorizersCache, as an invalidation triggers it. */
  flush(): void {
    this.gateway.flush();
  }
}
