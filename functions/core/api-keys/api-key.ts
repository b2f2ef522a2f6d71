import { illegalArgument } from '../errors.js';
import { type Authentication, type Owner, ownerOf } from '../security/authentication.js';
import { type RoleDescriptors, roleDescriptorsToJson } from '../security/role-descriptor.js';

/** The key's owner as snapshotted at creation (ES's `creator`). */
export interface Creator {
  principal: string;
  realm: string;
  realm_type: string;
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
}

/** One API key as stored: the secret exists only as `api_key_hash`. */
export interface ApiKeyRecord {
  id: string;
  doc_type: 'api_key';
  type: 'rest';
  name: string;
  creation_time: number;
  /** Epoch ms; absent when the key never expires. */
  expiration_time?: number;
  api_key_invalidated: boolean;
  invalidation_time?: number;
  /** Switched off by the disable extension; absent (never `false`) on a key that is enabled. */
  disabled?: true;
  api_key_hash: string;
  role_descriptors: RoleDescriptors;
  limited_by_role_descriptors: RoleDescriptors;
  metadata: Record<string, unknown>;
  creator: Creator;
  version: number;
  /** DynamoDB TTL, epoch seconds: when the retention period after expiry or invalidation ends. */
  delete_after?: number;
  /**
   * Epoch ms of the first successful authentication in the latest last-used window (an extension:
   * ES keeps no such field). Written only by the last-used recorder, never by a replace.
   */
  last_used?: number;
}

/** The `creator` snapshot of the caller: the owner's principal and realm, and its user details. */
export function creatorOf(authentication: Authentication): Creator {
  const owner = ownerOf(authentication);
  return {
    principal: owner.principal,
    realm: owner.realm,
    realm_type:
      authentication.type === 'api_key'
        ? authentication.ownerRealm.type
        : authentication.realm.type,
    full_name: authentication.user.full_name,
    email: authentication.user.email,
    metadata: authentication.user.metadata,
  };
}

/** ES's ownership test: same principal and same realm. */
export function isOwnedBy(key: ApiKeyRecord, owner: Owner): boolean {
  return key.creator.principal === owner.principal && key.creator.realm === owner.realm;
}

/** The latest instant a JavaScript date (and so every date this service prints) can hold. */
export const LATEST_DATE_MILLIS = 8.64e15;

/**
 * When a key given a duration expires: ES adds whole seconds only (`now.plusSeconds(...)`). An
 * expiry no date can represent is refused: it would poison every date-formatted read of the key.
 */
export function expirationTime(now: number, durationMillis: number): number {
  const expiration = now + Math.trunc(durationMillis / 1000) * 1000;
  if (!(expiration <= LATEST_DATE_MILLIS)) {
    throw illegalArgument(
      `API key expiration is too far in the future: it must be no later than [${new Date(LATEST_DATE_MILLIS).toISOString()}]`,
    );
  }
  return expiration;
}

export function isExpired(key: ApiKeyRecord, now: number): boolean {
  return key.expiration_time !== undefined && key.expiration_time <= now;
}

/** ES's "active": not invalidated and not expired. Checked on every read: the TTL sweep may lag by days. */
export function isActive(key: ApiKeyRecord, now: number): boolean {
  return !key.api_key_invalidated && !isExpired(key, now);
}

/**
 * When DynamoDB may delete the key, in epoch seconds: ES removes a key once *either* its expiry
 * or its invalidation lies more than the retention period in the past, so the earlier of the two
 * counts. A key that neither expires nor is invalidated is kept forever.
 */
export function deleteAfter(key: ApiKeyRecord, retentionMillis: number): number | undefined {
  const ends = [key.expiration_time, key.invalidation_time].filter(
    (end): end is number => end !== undefined,
  );
  return ends.length === 0 ? undefined : Math.ceil((Math.min(...ends) + retentionMillis) / 1000);
}

/** The key as ES's get and query APIs print it; never includes the hash. */
export function toApiKeyInfo(key: ApiKeyRecord, withLimitedBy: boolean): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: key.id,
    name: key.name,
    type: key.type,
    creation: key.creation_time,
  };
  if (key.expiration_time !== undefined) {
    info['expiration'] = key.expiration_time;
  }
  info['invalidated'] = key.api_key_invalidated;
  if (key.invalidation_time !== undefined) {
    info['invalidation'] = key.invalidation_time;
  }
  if (key.disabled) {
    // Only disabled keys carry the field, so ES clients never see anything new.
    info['disabled'] = true;
  }
  if (key.last_used !== undefined) {
    info['last_used'] = key.last_used;
  }
  info['username'] = key.creator.principal;
  info['realm'] = key.creator.realm;
  info['realm_type'] = key.creator.realm_type;
  info['metadata'] = key.metadata;
  info['role_descriptors'] = roleDescriptorsToJson(key.role_descriptors);
  if (withLimitedBy) {
    info['limited_by'] = [roleDescriptorsToJson(key.limited_by_role_descriptors)];
  }
  return info;
}
