import { VerifiedCredentialCache } from '../../functions/core/security/verified-credential-cache.js';
import { GatewayResultCache } from './gateway-result-cache.js';

export interface FleetSettings {
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
  private now = 0;
  private readonly instances: VerifiedCredentialCache[];
  private readonly gateway: GatewayResultCache;
  private readonly ids: string[] = [];

  constructor(private readonly settings: FleetSettings) {
    const clock = () => this.now;
    this.instances = Array.from(
      { length: settings.instances },
      () => new VerifiedCredentialCache(settings.cacheTtlMillis, settings.cacheMaxKeys, clock),
    );
    this.gateway = new GatewayResultCache(settings.authorizerTtlSeconds * 1000);
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
    this.now = at;
    if (this.gateway.answers(identity, at)) {
      return 'cached';
    }
    const cache = this.instances[instance] as VerifiedCredentialCache;
    const id = this.id(key);
    // The stored hash and the secret are stand-ins: only their identity matters to the cache.
    const warm = cache.matches(id, id, id);
    if (!warm) {
      cache.remember(id, id, id);
    }
    const took = this.settings.authorizerMillis + (warm ? 0 : this.settings.hashMillis);
    this.gateway.called(identity, at, at + took);
    return warm ? 'warm' : 'cold';
  }

  /** FlushStageAuthorizersCache, as an invalidation triggers it. */
  flush(): void {
    this.gateway.flush();
  }
}
