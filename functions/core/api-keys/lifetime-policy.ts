import { illegalArgument } from '../errors.js';

/** A duration as configured: milliseconds, and the text the operator wrote (quoted in errors). */
export interface ConfiguredDuration {
  millis: number;
  text: string;
}

/**
 * The deployment's lifetime policy (an extension: ES declined a maximum lifetime). Both parts are
 * optional; without `max` any lifetime, or none, is accepted, as in ES.
 */
export interface LifetimePolicy {
  /** `API_KEY_MAX_EXPIRATION`: a key must expire, at most this long after it is issued or updated. */
  max?: ConfiguredDuration;
  /** `API_KEY_DEFAULT_EXPIRATION`: the lifetime of a key issued without an expiration. */
  default?: ConfiguredDuration;
}

export const NO_LIFETIME_POLICY: LifetimePolicy = {};

function limitText(max: ConfiguredDuration): string {
  return `the maximum lifetime of an API key is [${max.text}] (API_KEY_MAX_EXPIRATION)`;
}

/** The lifetime of a key being issued (create, grant, rotate): the requested one or the default. */
export function issuedLifetime(
  policy: LifetimePolicy,
  requestedMillis: number | undefined,
): number | undefined {
  const lifetime = requestedMillis ?? policy.default?.millis;
  if (policy.max !== undefined) {
    if (lifetime === undefined) {
      throw illegalArgument(
        `API key expiration is required: ${limitText(policy.max)}; set [expiration] to [${policy.max.text}] or less`,
      );
    }
    requireWithinMax(policy, lifetime);
  }
  return lifetime;
}

/** An expiration given to an update: refused when longer than the maximum. */
export function requireWithinMax(policy: LifetimePolicy, lifetimeMillis: number): void {
  if (policy.max !== undefined && lifetimeMillis > policy.max.millis) {
    throw illegalArgument(`API key expiration is too long: ${limitText(policy.max)}`);
  }
}

/**
 * An update without `expiration` keeps the key's expiration, as in ES; under a maximum it may do
 * so only while that expiration lies within the maximum from now. A key without one (created
 * before the policy) must be given one by the update.
 */
export function requireKeptExpirationAllowed(
  policy: LifetimePolicy,
  id: string,
  expirationTime: number | undefined,
  now: number,
): void {
  if (policy.max === undefined) {
    return;
  }
  if (expirationTime === undefined || expirationTime > now + policy.max.millis) {
    throw illegalArgument(
      `API key [${id}] ${expirationTime === undefined ? 'never expires' : 'expires too late'}: ${limitText(policy.max)}; the update must set [expiration]`,
    );
  }
}
