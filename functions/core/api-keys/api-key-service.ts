import type { Clock } from '../clock.js';
import { mapConcurrent } from '../concurrent.js';
import { type Deadline, NO_DEADLINE } from '../deadline.js';
import {
  authenticationFailed,
  EsError,
  illegalArgument,
  internalError,
  serviceUnavailable,
  validationFailed,
  versionConflict,
} from '../errors.js';
import { type ApiKeyStore, type AuthorizerCache, type Logger, SILENT_LOGGER } from '../ports.js';
import {
  type ApiKeyAuthentication,
  type Authentication,
  type Owner,
  ownerOf,
} from '../security/authentication.js';
import {
  type HashAlgorithm,
  HashSkippedError,
  hashSecret,
  verifySecret,
} from '../security/hashing.js';
import { Action } from '../security/privilege-names.js';
import { requireAction, requireLimitedByAccess } from '../security/privileges.js';
import { grantsNothing, type RoleDescriptors } from '../security/role-descriptor.js';
import type { VerifiedCredentialCache } from '../security/verified-credential-cache.js';
import type { UsagePlans } from '../usage-plans/usage-plans.js';
import {
  type ApiKeyRecord,
  creatorOf,
  deleteAfter,
  expirationTime,
  isActive,
  isExpired,
  isOwnedBy,
  toApiKeyInfo,
} from './api-key.js';
import { encodeApiKey, generateApiKeyId, generateApiKeySecret } from './credentials.js';
import { getLookup } from './get-lookup.js';
import type { LastUsedRecorder } from './last-used.js';
import { issuedLifetime, type LifetimePolicy, NO_LIFETIME_POLICY } from './lifetime-policy.js';
import {
  validateChosenId,
  validateCreateRequest,
  validateGetRequest,
  validateInvalidateRequest,
} from './validation.js';

export interface CreateApiKeyCommand {
  name: string;
  /** The caller's choice of id (an extension: ES always generates one). */
  id?: string;
  /** Duration in ms, already parsed from ES's duration string. */
  expirationMillis?: number;
  roleDescriptors?: RoleDescriptors;
  metadata?: Record<string, unknown>;
}

export interface CreateApiKeyResponse {
  id: string;
  name: string;
  expiration?: number;
  api_key: string;
  encoded: string;
}

export interface GetApiKeysQuery {
  id?: string;
  name?: string;
  username?: string;
  realmName?: string;
  owner: boolean;
  withLimitedBy: boolean;
  activeOnly: boolean;
}

export interface InvalidateApiKeysCommand {
  ids?: string[];
  name?: string;
  username?: string;
  realmName?: string;
  owner: boolean;
}

export interface InvalidateApiKeysResponse {
  invalidated_api_keys: string[];
  previously_invalidated_api_keys: string[];
  error_count: number;
  error_details?: Array<Record<string, unknown>>;
}

export interface ApiKeyServiceOptions {
  hashing: HashAlgorithm;
  retentionMillis: number;
  clock: Clock;
  /** API Gateway's authorizer result cache, flushed after an invalidation so no cached Allow outlives it. */
  authorizerCache?: AuthorizerCache;
  logger?: Logger;
  /** API Gateway usage plans of planned keys (an extension). */
  usagePlans?: UsagePlans;
  lifetime?: LifetimePolicy;
  /** Writes `last_used` after a successful authentication. */
  lastUsed?: LastUsedRecorder;
}

/**
 * Time a write needs to land and its response to reach the caller. A create with less left stores
 * nothing (the caller could never receive the secret); bulk work stops and reports the rest.
 */
export const WRITE_RESERVE_MILLIS = 1_500;

/** Conditional writes in flight at once during bulk work. */
export const WRITE_CONCURRENCY = 16;

function outOfTime(): EsError {
  return serviceUnavailable(
    'the request ran out of time before the API key was stored; no API key was created',
  );
}

const ANONYMOUS_NOT_ALLOWED =
  'unable to authenticate with provided credentials and anonymous access is not allowed for this request';

/** ES's get/invalidate `name` filter: exact, `prefix*`, or `*` for all. */
function nameMatches(pattern: string | undefined, name: string): boolean {
  if (pattern === undefined || pattern === '*') {
    return true;
  }
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

interface KeyFilter {
  id?: string;
  name?: string;
  username?: string;
  realmName?: string;
  owner?: Owner;
  notInvalidated?: boolean;
}

/** ES's get/invalidate filters as one predicate over stored keys. */
function keyFilter(filter: KeyFilter): (key: ApiKeyRecord) => boolean {
  return (key) =>
    (filter.id === undefined || key.id === filter.id) &&
    nameMatches(filter.name, key.name) &&
    (!filter.username || key.creator.principal === filter.username) &&
    (!filter.realmName || key.creator.realm === filter.realmName) &&
    (!filter.owner || isOwnedBy(key, filter.owner)) &&
    (!filter.notInvalidated || !key.api_key_invalidated);
}

function byCreation(a: ApiKeyRecord, b: ApiKeyRecord): number {
  return a.creation_time - b.creation_time || a.id.localeCompare(b.id);
}

/** Owns the API key lifecycle: issuing, hashing, storage, expiry, invalidation, ownership. */
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly verified: VerifiedCredentialCache,
    private readonly options: ApiKeyServiceOptions,
  ) {}

  private get logger(): Logger {
    return this.options.logger ?? SILENT_LOGGER;
  }

  async create(
    authentication: Authentication,
    command: CreateApiKeyCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<CreateApiKeyResponse> {
    requireAction(authentication, Action.createApiKey, true);
    return this.issue(authentication, command, deadline);
  }

  /**
   * Issues a key owned by `authentication`, whose right to have one the caller has checked. All or
   * nothing for the caller: when too little time is left to deliver the secret, nothing is stored.
   */
  async issue(
    authentication: Authentication,
    command: CreateApiKeyCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<CreateApiKeyResponse> {
    const errors = [
      ...validateCreateRequest(command.name, command.metadata, command.roleDescriptors),
      ...validateChosenId(command.id),
      ...(this.options.usagePlans?.validate(command.metadata) ?? []),
    ];
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    const lifetime = issuedLifetime(
      this.options.lifetime ?? NO_LIFETIME_POLICY,
      command.expirationMillis,
    );
    const descriptors = command.roleDescriptors ?? {};
    if (authentication.type === 'api_key') {
      const values = Object.values(descriptors);
      if (values.length === 0 || !values.every(grantsNothing)) {
        throw illegalArgument(
          'creating derived api keys requires an explicit role descriptor that is empty (has no privileges)',
        );
      }
    }
    if (deadline.remainingMillis() < WRITE_RESERVE_MILLIS) {
      throw outOfTime();
    }
    const now = this.options.clock();
    const id = command.id ?? generateApiKeyId();
    const secret = generateApiKeySecret();
    const key: ApiKeyRecord = {
      id,
      doc_type: 'api_key',
      type: 'rest',
      name: command.name,
      creation_time: now,
      api_key_invalidated: false,
      api_key_hash: await this.hashBefore(secret, deadline),
      role_descriptors: descriptors,
      limited_by_role_descriptors:
        authentication.type === 'api_key'
          ? authentication.limitedBy
          : authentication.roleDescriptors,
      metadata: command.metadata ?? {},
      creator: creatorOf(authentication),
      version: 1,
    };
    if (lifetime !== undefined) {
      key.expiration_time = expirationTime(now, lifetime);
    }
    const ttl = deleteAfter(key, this.options.retentionMillis);
    if (ttl !== undefined) {
      key.delete_after = ttl;
    }
    if (deadline.remainingMillis() < WRITE_RESERVE_MILLIS) {
      this.logger.log('warn', 'create stopped before its deadline', { keyId: id });
      throw outOfTime();
    }
    if (!(await this.store.create(key))) {
      if (command.id === undefined) {
        throw new Error('a generated API key id collided with an existing key');
      }
      // What ES answers for a create of a document id that exists.
      throw versionConflict(
        `[${id}]: version conflict, document already exists (current version [1])`,
      );
    }
    await this.options.usagePlans?.created(key);
    this.verified.remember(id, key.api_key_hash, secret);
    return {
      id,
      name: key.name,
      ...(key.expiration_time === undefined ? {} : { expiration: key.expiration_time }),
      api_key: secret,
      encoded: encodeApiKey(id, secret),
    };
  }

  /**
   * The secret's hash, or outOfTime when the deadline would pass first: a create waiting for its
   * turn at the hash must still answer before the function is stopped.
   */
  private async hashBefore(secret: string, deadline: Deadline): Promise<string> {
    const inTime = () => deadline.remainingMillis() >= WRITE_RESERVE_MILLIS;
    const remaining = deadline.remainingMillis();
    if (!Number.isFinite(remaining)) {
      return hashSecret(secret, this.options.hashing);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(outOfTime()), remaining - WRITE_RESERVE_MILLIS);
    });
    const hashing = hashSecret(secret, this.options.hashing, inTime);
    // Once the deadline wins, the queued hash is skipped; its rejection is expected.
    hashing.catch(() => undefined);
    try {
      return await Promise.race([hashing, late]);
    } catch (error) {
      throw error instanceof HashSkippedError ? outOfTime() : error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Authenticates an `ApiKey` credential. The key is read on every call, so invalidation and
   * expiry take effect on the very next request; only the slow hash is skipped when cached.
   */
  async authenticate(id: string, secret: string): Promise<ApiKeyAuthentication> {
    const failed = (detail: string) =>
      authenticationFailed(ANONYMOUS_NOT_ALLOWED, {
        additional_unsuccessful_credentials: `API key: ${detail}`,
      });
    const key = await this.store.get(id);
    if (!key) {
      this.verified.evict([id]);
      throw failed(`unable to find apikey with id ${id}`);
    }
    // ES checks invalidation before verifying the secret.
    if (key.api_key_invalidated) {
      this.verified.evict([id]);
      throw failed(`api key [${id}] has been invalidated`);
    }
    if (!(await this.verifyKeySecret(key, secret))) {
      throw failed(`invalid credentials for API key [${id}]`);
    }
    // Checked after the secret, so only the key's holder learns that it is disabled.
    if (key.disabled) {
      throw failed(`api key [${id}] is disabled`);
    }
    if (isExpired(key, this.options.clock())) {
      throw failed('api key is expired');
    }
    await this.options.lastUsed?.record(key);
    return {
      type: 'api_key',
      user: {
        username: key.creator.principal,
        roles: [],
        full_name: key.creator.full_name,
        email: key.creator.email,
        metadata: key.creator.metadata,
        enabled: true,
      },
      ownerRealm: { name: key.creator.realm, type: key.creator.realm_type },
      apiKey: { id: key.id, name: key.name, metadata: key.metadata },
      roleDescriptors: key.role_descriptors,
      limitedBy: key.limited_by_role_descriptors,
    };
  }

  private async verifyKeySecret(key: ApiKeyRecord, secret: string): Promise<boolean> {
    if (this.verified.matches(key.id, key.api_key_hash, secret)) {
      return true;
    }
    const ok = await verifySecret(secret, key.api_key_hash);
    if (ok) {
      this.verified.remember(key.id, key.api_key_hash, secret);
    }
    return ok;
  }

  async get(
    authentication: Authentication,
    query: GetApiKeysQuery,
  ): Promise<{ api_keys: Array<Record<string, unknown>> }> {
    const errors = validateGetRequest(query);
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    const ownApplies = this.manageOwnApplies(authentication, query, query.withLimitedBy);
    const scope = requireAction(authentication, Action.getApiKey, ownApplies);
    if (query.withLimitedBy) {
      requireLimitedByAccess(authentication, Action.getApiKey);
    }
    const now = this.options.clock();
    const keys = await this.find({
      ...(query.id === undefined ? {} : { id: query.id }),
      ...(query.name === undefined ? {} : { name: query.name }),
      ...(query.username === undefined ? {} : { username: query.username }),
      ...(query.realmName === undefined ? {} : { realmName: query.realmName }),
      ...(scope === 'own' || query.owner ? { owner: ownerOf(authentication) } : {}),
      ...(scope === 'own' && authentication.type === 'api_key'
        ? { id: authentication.apiKey.id }
        : {}),
    });
    return {
      api_keys: keys
        .filter((key) => !query.activeOnly || isActive(key, now))
        .map((key) => toApiKeyInfo(key, query.withLimitedBy)),
    };
  }

  /**
   * ManageOwnApiKeyClusterPrivilege: whether `manage_own_api_key` covers this request. An API key
   * owns only itself (by id); a user owns keys with its principal and realm, named explicitly.
   */
  private manageOwnApplies(
    authentication: Authentication,
    request: { id?: string; ids?: string[]; owner: boolean; username?: string; realmName?: string },
    withLimitedBy = false,
  ): boolean {
    if (authentication.type === 'api_key') {
      const ids = request.ids ?? (request.id === undefined ? [] : [request.id]);
      const itself = ids.length === 1 && ids[0] === authentication.apiKey.id;
      return itself && !withLimitedBy;
    }
    const owner = ownerOf(authentication);
    return (
      request.owner || (request.username === owner.principal && request.realmName === owner.realm)
    );
  }

  private async find(filter: KeyFilter): Promise<ApiKeyRecord[]> {
    const matches = keyFilter(filter);
    const found: ApiKeyRecord[] = [];
    if (filter.id !== undefined) {
      const key = await this.store.get(filter.id);
      if (key && matches(key)) {
        found.push(key);
      }
      return found;
    }
    const owner =
      filter.owner ??
      (filter.username && filter.realmName
        ? { principal: filter.username, realm: filter.realmName }
        : undefined);
    const source = owner
      ? this.store.findByOwner(owner)
      : this.store.lookup(getLookup(filter) ?? { by: 'all' });
    for await (const key of source) {
      if (matches(key)) {
        found.push(key);
      }
    }
    return found.sort(byCreation);
  }

  /**
   * Reads the candidates in batches and writes the invalidations in parallel (each still
   * conditional). Work stops short of the deadline: what was done is reported, the rest listed
   * in `error_details`.
   */
  async invalidate(
    authentication: Authentication,
    command: InvalidateApiKeysCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<InvalidateApiKeysResponse> {
    const errors = validateInvalidateRequest(command);
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    const ownApplies = this.manageOwnApplies(authentication, command);
    const scope = requireAction(authentication, Action.invalidateApiKey, ownApplies);
    const ownerFilter = scope === 'own' || command.owner ? ownerOf(authentication) : undefined;
    const filter = {
      ...(command.name === undefined ? {} : { name: command.name }),
      ...(command.username === undefined ? {} : { username: command.username }),
      ...(command.realmName === undefined ? {} : { realmName: command.realmName }),
      ...(ownerFilter ? { owner: ownerFilter } : {}),
      notInvalidated: true,
    };
    // Found through an index (which may lag) or not, the keys to write are read back strongly
    // consistently and filtered again: ownership is decided on the table, never on an index.
    const ids = command.ids ?? (await this.find(filter)).map((key) => key.id);
    const candidates = (await this.store.getMany(ids)).filter(keyFilter(filter)).sort(byCreation);
    const response: InvalidateApiKeysResponse = {
      invalidated_api_keys: [],
      previously_invalidated_api_keys: [],
      error_count: 0,
    };
    const now = this.options.clock();
    const details: Array<Record<string, unknown>> = [];
    const outcomes = await mapConcurrent(candidates, WRITE_CONCURRENCY, async (key) => {
      if (deadline.remainingMillis() < WRITE_RESERVE_MILLIS) {
        return 'out of time' as const;
      }
      const ttl = deleteAfter({ ...key, invalidation_time: now }, this.options.retentionMillis);
      try {
        return (await this.store.invalidate(key.id, now, ttl ?? 0)) ? 'invalidated' : 'previously';
      } catch (error) {
        return error instanceof EsError ? error : internalError();
      }
    });
    const skipped: string[] = [];
    candidates.forEach((key, index) => {
      const outcome = outcomes[index];
      if (outcome === 'invalidated') {
        response.invalidated_api_keys.push(key.id);
      } else if (outcome === 'previously') {
        response.previously_invalidated_api_keys.push(key.id);
      } else if (outcome === 'out of time') {
        skipped.push(key.id);
        details.push({
          type: 'exception',
          reason: 'Error invalidating api key',
          caused_by: {
            type: 'status_exception',
            reason: `api key [${key.id}] was not invalidated: the request reached its deadline; retry to invalidate it`,
          },
        });
      } else if (outcome) {
        this.logger.log('error', 'invalidating an api key failed', {
          keyId: key.id,
          status: outcome.status,
          reason: outcome.message,
        });
        details.push({
          type: 'exception',
          reason: 'Error invalidating api key',
          caused_by: outcome.toCause(),
        });
      }
    });
    if (skipped.length > 0) {
      this.logger.log('warn', 'invalidation stopped before its deadline', {
        invalidated: response.invalidated_api_keys.length,
        skipped: skipped.length,
      });
    }
    const invalidated = candidates.filter((_, index) => outcomes[index] === 'invalidated');
    details.push(...((await this.options.usagePlans?.invalidated(invalidated, deadline)) ?? []));
    this.verified.evict(response.invalidated_api_keys);
    if (response.invalidated_api_keys.length > 0 && this.options.authorizerCache) {
      try {
        await this.options.authorizerCache.flush();
      } catch (error) {
        this.logger.log('error', 'flushing the authorizer cache failed', {
          errorName: error instanceof Error ? error.name : typeof error,
          errorMessage: error instanceof Error ? error.message.slice(0, 300) : '',
        });
        // The invalidations are recorded; the caller must learn that cached Allows may linger.
        details.push({
          type: 'exception',
          reason: 'clearing the API key cache failed; please clear the caches manually',
        });
      }
    }
    response.error_count = details.length;
    if (details.length > 0) {
      response.error_details = details;
    }
    return response;
  }

  /** `_clear_cache`: forget verified secrets for these ids; `*` or `_all` alone means every key. */
  clearCache(authentication: Authentication, ids: readonly string[]): void {
    requireAction(authentication, Action.clearSecurityCache);
    if (ids.length === 0 || (ids.length === 1 && (ids[0] === '*' || ids[0] === '_all'))) {
      this.verified.clear();
    } else {
      this.verified.evict(ids);
    }
  }
}
