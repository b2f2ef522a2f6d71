import type { Clock } from '../clock.js';
import { mapConcurrent } from '../concurrent.js';
import { type Deadline, NO_DEADLINE } from '../deadline.js';
import {
  type ErrorCause,
  EsError,
  illegalArgument,
  resourceNotFound,
  serviceUnavailable,
  validationFailed,
  versionConflict,
} from '../errors.js';
import type { ApiKeyStore, AuthorizerCache } from '../ports.js';
import {
  type Authentication,
  ownerOf,
  type RealmAuthentication,
} from '../security/authentication.js';
import { Action } from '../security/privilege-names.js';
import { requireAction } from '../security/privileges.js';
import type { RoleDescriptors } from '../security/role-descriptor.js';
import type { UsagePlans } from '../usage-plans/usage-plans.js';
import {
  type ApiKeyRecord,
  creatorOf,
  deleteAfter,
  expirationTime,
  isExpired,
  isOwnedBy,
} from './api-key.js';
import { WRITE_CONCURRENCY, WRITE_RESERVE_MILLIS } from './api-key-service.js';
import {
  type LifetimePolicy,
  NO_LIFETIME_POLICY,
  requireKeptExpirationAllowed,
  requireWithinMax,
} from './lifetime-policy.js';
import { sameJson } from './same-json.js';
import { validateMetadataAndDescriptors } from './validation.js';

/** The fields an update may change; an omitted field keeps its stored value. */
export interface UpdateApiKeyCommand {
  roleDescriptors?: RoleDescriptors;
  metadata?: Record<string, unknown>;
  /** Duration in ms, counted from now. */
  expirationMillis?: number;
}

export interface BulkUpdateApiKeysResponse {
  updated: string[];
  noops: string[];
  errors?: { count: number; details: Record<string, ErrorCause> };
}

export interface ApiKeyUpdatesOptions {
  retentionMillis: number;
  clock: Clock;
  authorizerCache?: AuthorizerCache;
  usagePlans?: UsagePlans;
  lifetime?: LifetimePolicy;
}

/**
 * ES's update rules on the stored key: the caller's own (else 404, revealing nothing), neither
 * invalidated nor expired. Shared by the extensions that change a key as its owner (rotation).
 */
export function requireUpdatable(
  authentication: RealmAuthentication,
  id: string,
  key: ApiKeyRecord | undefined,
  now: number,
  verb = 'update',
): ApiKeyRecord {
  if (!key || !isOwnedBy(key, ownerOf(authentication))) {
    throw resourceNotFound(`no API key owned by requesting user found for ID [${id}]`);
  }
  if (key.api_key_invalidated) {
    throw illegalArgument(`cannot ${verb} invalidated API key [${id}]`);
  }
  if (isExpired(key, now)) {
    throw illegalArgument(`cannot ${verb} expired API key [${id}]`);
  }
  return key;
}

/** ES's refusal of an API key caller for the owner-only operations. */
export function requireRealmCaller(
  authentication: Authentication,
  verb = 'update',
): RealmAuthentication {
  if (authentication.type === 'api_key') {
    throw illegalArgument(
      `authentication via API key not supported: only the owner user can ${verb} an API key`,
    );
  }
  return authentication;
}

/**
 * ES's update and bulk update: owner-only, each write re-snapshots the owner's roles as
 * `limited_by`, a write that would change nothing is a noop, and a write loses to any
 * concurrent change (version check).
 */
export class ApiKeyUpdates {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly options: ApiKeyUpdatesOptions,
  ) {}

  /** `PUT /_security/api_key/{id}`: a per-key failure is the request's error. */
  async update(
    authentication: Authentication,
    id: string,
    command: UpdateApiKeyCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<{ updated: boolean }> {
    const result = await this.apply(authentication, [id], command, Action.updateApiKey, deadline);
    const failure = result.failures.get(id);
    if (failure) {
      throw failure;
    }
    return { updated: result.updated.length > 0 };
  }

  /** `POST /_security/api_key/_bulk_update`: failures are reported per key, with status 200. */
  async bulkUpdate(
    authentication: Authentication,
    ids: readonly string[],
    command: UpdateApiKeyCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<BulkUpdateApiKeysResponse> {
    const result = await this.apply(
      authentication,
      ids,
      command,
      Action.bulkUpdateApiKey,
      deadline,
    );
    const response: BulkUpdateApiKeysResponse = { updated: result.updated, noops: result.noops };
    if (result.failures.size > 0) {
      response.errors = {
        count: result.failures.size,
        details: Object.fromEntries(
          [...result.failures].map(([id, error]) => [id, error.toCause()]),
        ),
      };
    }
    return response;
  }

  /**
   * Reads the keys in batches and writes the changes in parallel (each still conditional on its
   * version). Keys not reached before the deadline fail with a retryable error.
   */
  private async apply(
    authentication: Authentication,
    ids: readonly string[],
    command: UpdateApiKeyCommand,
    action: Action,
    deadline: Deadline,
  ) {
    const errors = validateMetadataAndDescriptors(command.metadata, command.roleDescriptors);
    errors.push(...(this.options.usagePlans?.validate(command.metadata) ?? []));
    if (command.expirationMillis !== undefined && command.expirationMillis <= 0) {
      errors.push('API key expiration must be in the future');
    }
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    const lifetime = this.options.lifetime ?? NO_LIFETIME_POLICY;
    if (command.expirationMillis !== undefined) {
      requireWithinMax(lifetime, command.expirationMillis);
    }
    requireAction(authentication, action, true);
    const owner = requireRealmCaller(authentication);
    const unique = [...new Set(ids)];
    const stored = new Map((await this.store.getMany(unique)).map((key) => [key.id, key]));
    const outcomes = await mapConcurrent(unique, WRITE_CONCURRENCY, async (id) => {
      if (deadline.remainingMillis() < WRITE_RESERVE_MILLIS) {
        return serviceUnavailable(
          `the request reached its deadline before API key [${id}] was updated; retry to update it`,
        );
      }
      try {
        return await this.updateOne(owner, id, stored.get(id), command);
      } catch (error) {
        if (!(error instanceof EsError)) {
          throw error;
        }
        return error;
      }
    });
    const updated: string[] = [];
    const noops: string[] = [];
    const failures = new Map<string, EsError>();
    unique.forEach((id, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof EsError) {
        failures.set(id, outcome);
      } else {
        (outcome ? updated : noops).push(id);
      }
    });
    if (updated.length > 0) {
      await this.options.authorizerCache?.flush().catch(() => {
        // ES's update response has no place for it: a narrowed key may keep a cached Allow
        // until the authorizer's result TTL ends (0 by default, so no cache at all).
      });
    }
    return { updated, noops, failures };
  }

  /** Returns whether the key changed; throws the per-key error ES reports. */
  private async updateOne(
    authentication: RealmAuthentication,
    id: string,
    stored: ApiKeyRecord | undefined,
    command: UpdateApiKeyCommand,
  ): Promise<boolean> {
    const now = this.options.clock();
    const key = requireUpdatable(authentication, id, stored, now);
    if (command.expirationMillis === undefined) {
      requireKeptExpirationAllowed(
        this.options.lifetime ?? NO_LIFETIME_POLICY,
        id,
        key.expiration_time,
        now,
      );
    }
    const creator = creatorOf(authentication);
    const limitedBy = authentication.roleDescriptors;
    if (
      command.expirationMillis === undefined &&
      sameJson(key.creator, creator) &&
      (command.metadata === undefined || sameJson(key.metadata, command.metadata)) &&
      (command.roleDescriptors === undefined ||
        sameJson(key.role_descriptors, command.roleDescriptors)) &&
      sameJson(key.limited_by_role_descriptors, limitedBy)
    ) {
      await this.options.usagePlans?.updated(key, key);
      return false;
    }
    const next: ApiKeyRecord = {
      ...key,
      role_descriptors: command.roleDescriptors ?? key.role_descriptors,
      metadata: command.metadata ?? key.metadata,
      limited_by_role_descriptors: limitedBy,
      creator,
      version: key.version + 1,
    };
    if (command.expirationMillis !== undefined) {
      next.expiration_time = expirationTime(now, command.expirationMillis);
      const ttl = deleteAfter(next, this.options.retentionMillis);
      if (ttl !== undefined) {
        next.delete_after = ttl;
      }
    }
    if (!(await this.store.replace(next, key.version))) {
      throw new EsError(409, 'exception', 'bulk request execution failure', {
        causedBy: versionConflict(
          `[${id}]: version conflict, required version [${key.version}], but the API key was changed concurrently`,
        ).toCause(),
      });
    }
    await this.options.usagePlans?.updated(key, next);
    return true;
  }
}
