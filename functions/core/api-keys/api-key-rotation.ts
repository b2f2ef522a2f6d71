import type { Clock } from '../clock.js';
import { type Deadline, NO_DEADLINE } from '../deadline.js';
import { EsError, illegalArgument, internalError, versionConflict } from '../errors.js';
import { type ApiKeyStore, type AuthorizerCache, type Logger, SILENT_LOGGER } from '../ports.js';
import type { Authentication } from '../security/authentication.js';
import { Action } from '../security/privilege-names.js';
import { requireAction } from '../security/privileges.js';
import { type ApiKeyRecord, deleteAfter, expirationTime } from './api-key.js';
import type { ApiKeyService, CreateApiKeyResponse } from './api-key-service.js';
import { requireRealmCaller, requireUpdatable } from './api-key-updates.js';
import type { LifetimePolicy } from './lifetime-policy.js';

/** How long the predecessor keeps working when the request names no overlap. */
export const DEFAULT_OVERLAP_MILLIS = 3_600_000;

export interface RotateApiKeyCommand {
  /** How long the predecessor stays valid, from now; never past its own expiration. */
  overlapMillis?: number;
  /**
   * The successor's lifetime; by default the predecessor's (expiration minus creation), capped at
   * the maximum lifetime so that an inherited lifetime never makes a rotation fail.
   */
  expirationMillis?: number;
  /** A caller-chosen id for the successor (the create extension's rules apply). */
  id?: string;
}

export interface RotateApiKeyResponse extends CreateApiKeyResponse {
  rotated_from: string;
  /** The predecessor's expiration after the rotation, epoch ms. */
  rotated_from_expiration: number;
}

export interface ApiKeyRotationOptions {
  retentionMillis: number;
  clock: Clock;
  authorizerCache?: AuthorizerCache;
  logger?: Logger;
  lifetime?: LifetimePolicy;
}

/**
 * The rotation extension: a successor with the predecessor's name, role descriptors and metadata
 * (plus `rotated_from`), issued through the create path, then the predecessor's expiration cut to
 * now + overlap under the version it was read at. Owner rules are update's.
 */
export class ApiKeyRotation {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly apiKeys: ApiKeyService,
    private readonly options: ApiKeyRotationOptions,
  ) {}

  async rotate(
    authentication: Authentication,
    id: string,
    command: RotateApiKeyCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<RotateApiKeyResponse> {
    const overlap = command.overlapMillis ?? DEFAULT_OVERLAP_MILLIS;
    if (overlap < 0) {
      throw illegalArgument('[overlap] must be 0 or more');
    }
    requireAction(authentication, Action.updateApiKey, true);
    requireAction(authentication, Action.createApiKey, true);
    const owner = requireRealmCaller(authentication, 'rotate');
    const key = requireUpdatable(
      owner,
      id,
      await this.store.get(id),
      this.options.clock(),
      'rotate',
    );
    if (key.disabled) {
      throw illegalArgument(`cannot rotate disabled API key [${id}]: enable it first`);
    }
    const lifetime = command.expirationMillis ?? this.inheritedLifetime(key);
    const successor = await this.apiKeys.issue(
      owner,
      {
        name: key.name,
        ...(command.id === undefined ? {} : { id: command.id }),
        ...(lifetime === undefined ? {} : { expirationMillis: lifetime }),
        roleDescriptors: key.role_descriptors,
        metadata: { ...key.metadata, rotated_from: key.id },
      },
      deadline,
    );
    const expiration = await this.shorten(key, overlap, successor.id);
    return { ...successor, rotated_from: key.id, rotated_from_expiration: expiration };
  }

  private inheritedLifetime(key: ApiKeyRecord): number | undefined {
    if (key.expiration_time === undefined) {
      return undefined;
    }
    const lifetime = key.expiration_time - key.creation_time;
    const max = this.options.lifetime?.max?.millis;
    return max === undefined ? lifetime : Math.min(lifetime, max);
  }

  /** Cuts the predecessor's expiration (never lengthens it); returns the expiration it now has. */
  private async shorten(key: ApiKeyRecord, overlap: number, successorId: string): Promise<number> {
    const now = this.options.clock();
    const expiration = expirationTime(now, overlap);
    if (key.expiration_time !== undefined && key.expiration_time <= expiration) {
      return key.expiration_time;
    }
    const next: ApiKeyRecord = { ...key, expiration_time: expiration, version: key.version + 1 };
    const ttl = deleteAfter(next, this.options.retentionMillis);
    if (ttl !== undefined) {
      next.delete_after = ttl;
    }
    let failure: EsError;
    try {
      if (await this.store.replace(next, key.version)) {
        await this.options.authorizerCache?.flush().catch(() => {
          // As for an update: a cached Allow may last until the authorizer's result TTL ends.
        });
        return expiration;
      }
      failure = versionConflict(
        `[${key.id}]: version conflict, required version [${key.version}], but the API key was changed concurrently`,
      );
    } catch (error) {
      failure = error instanceof EsError ? error : internalError();
    }
    throw await this.halfRotated(key.id, successorId, failure, now);
  }

  /**
   * The successor exists but the predecessor was not shortened: invalidate the successor, so a
   * retry starts clean, and tell the caller exactly which state was left.
   */
  private async halfRotated(
    id: string,
    successorId: string,
    failure: EsError,
    now: number,
  ): Promise<EsError> {
    let invalidated = false;
    try {
      const ttl = Math.ceil((now + this.options.retentionMillis) / 1000);
      invalidated = await this.store.invalidate(successorId, now, ttl);
    } catch {
      invalidated = false;
    }
    (this.options.logger ?? SILENT_LOGGER).log('error', 'rotation left its successor behind', {
      keyId: id,
      successorId,
      successorInvalidated: invalidated,
      status: failure.status,
    });
    const outcome = invalidated
      ? `the successor [${successorId}] was invalidated; the rotation can be retried`
      : `the successor [${successorId}] could not be invalidated and is active: invalidate it, then retry the rotation`;
    const reason = `API key [${id}] was not rotated: its expiration could not be shortened; ${outcome}`;
    const options = {
      metadata: {
        rotated_from: id,
        successor_id: successorId,
        successor_invalidated: `${invalidated}`,
      },
      causedBy: failure.toCause(),
    };
    return failure.status === 409
      ? new EsError(409, 'version_conflict_engine_exception', reason, options)
      : new EsError(
          failure.status >= 500 ? failure.status : 503,
          'status_exception',
          reason,
          options,
        );
  }
}
