import type { ApiKeyRecord } from './api-keys/api-key.js';
import type { Owner } from './security/authentication.js';
import type { RoleDescriptor } from './security/role-descriptor.js';

/** Storage of API keys. Reads are strongly consistent: they back security decisions. */
export interface ApiKeyStore {
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** The keys that exist among `ids`, in no particular order. */
  getMany(ids: readonly string[]): Promise<ApiKeyRecord[]>;
  /** Writes a new key; never overwrites an existing id. Resolves false when the id is taken. */
  create(key: ApiKeyRecord): Promise<boolean>;
  /**
   * Records an invalidation once. Returns false when the key was already invalidated or no
   * longer exists, so concurrent invalidations report each key exactly once.
   */
  invalidate(id: string, invalidationTime: number, deleteAfter: number): Promise<boolean>;
  /**
   * Replaces a key only if it is still at `expectedVersion` (optimistic concurrency). Returns
   * false when another writer got there first or the key is gone. Keeps the stored `last_used`:
   * a use recorded after the key was read is never rolled back.
   */
  replace(key: ApiKeyRecord, expectedVersion: number): Promise<boolean>;
  /**
   * Sets `last_used` to `at` unless the key is gone or was already used since `windowStart`.
   * Touches nothing else (not `version`). Resolves false when the condition failed.
   */
  recordLastUsed(id: string, at: number, windowStart: number): Promise<boolean>;
  /**
   * The owner's keys, oldest first, read from the owner index page by page. A creation range
   * narrows the index read itself, so it costs only the keys inside it.
   */
  findByOwner(owner: Owner, creation?: CreationRange): AsyncIterable<ApiKeyRecord>;
  /** Every key, page by page. */
  scan(): AsyncIterable<ApiKeyRecord>;
  /**
   * Every key the lookup could match (and maybe others: callers filter), read from the all-keys
   * indexes page by page. Indexes are eventually consistent: a write may show up late, so a
   * security decision re-reads its keys with `get`/`getMany`.
   */
  lookup(lookup: KeyLookup): AsyncIterable<ApiKeyRecord>;
  /**
   * Every key in creation order (newest first when descending), from the creation index, each key
   * read strongly consistently from the table; only keys created strictly after `after` in that
   * order. `expected` (how many the caller likely reads) sizes the first page.
   */
  byCreation(order: CreationOrder): AsyncIterable<ApiKeyRecord>;
  /** How many keys there are (those past their retention excluded), counted on the creation index. */
  count(): Promise<number>;
}

/** What an index lookup is given: one required term of a get, invalidate or query. */
export type KeyLookup =
  | { by: 'all' }
  | { by: 'name'; name: string }
  | { by: 'namePrefix'; prefix: string }
  | { by: 'username'; username: string }
  | { by: 'realm'; realm: string };

export interface CreationOrder {
  descending: boolean;
  /** Epoch ms: only keys created after it (before it, when descending). */
  after?: number;
  expected?: number;
}

/** Inclusive bounds on `creation_time`, epoch ms. */
export interface CreationRange {
  from?: number;
  to?: number;
}

export interface StoredUser {
  username: string;
  password_hash: string;
  roles: string[];
  full_name: string | null;
  email: string | null;
  metadata: Record<string, unknown>;
  enabled: boolean;
}

export interface UserStore {
  get(username: string): Promise<StoredUser | undefined>;
  /** Creates or replaces; returns true when the user did not exist before. */
  put(user: StoredUser): Promise<boolean>;
  delete(username: string): Promise<boolean>;
  list(): Promise<StoredUser[]>;
}

export interface StoredRole {
  name: string;
  descriptor: RoleDescriptor;
}

export interface RoleStore {
  getMany(names: readonly string[]): Promise<StoredRole[]>;
  put(role: StoredRole): Promise<boolean>;
  delete(name: string): Promise<boolean>;
  list(): Promise<StoredRole[]>;
}

/** A cache of authorization decisions outside this service (API Gateway's authorizer cache). */
export interface AuthorizerCache {
  flush(): Promise<void>;
}

/** An API Gateway API key kept for a planned ES key (functions/core/usage-plans/). */
export interface GatewayApiKey {
  name: string;
  value: string;
}

/** What API Gateway reports for a key: the quota left in the current period, once a request was counted. */
export interface GatewayUsage {
  remaining?: number;
}

/**
 * API Gateway's control plane for usage plans, addressed by the plans' gateway names. Every call
 * is idempotent and bounded in time.
 */
export interface UsagePlanGateway {
  /** Creates the key if missing and leaves it on `plan` alone (off any other plan). */
  attach(key: GatewayApiKey, plan: string): Promise<void>;
  /** Deletes the key if it exists. */
  detach(key: GatewayApiKey): Promise<void>;
  /** The names of every key whose name starts with `prefix`. */
  keyNames(prefix: string): Promise<string[]>;
  /**
   * The key's usage on `plan` from `from` to `to` (YYYY-MM-DD, UTC), as of the last day counted;
   * undefined when the gateway has no such key.
   */
  usage(
    key: GatewayApiKey,
    plan: string,
    from: string,
    to: string,
  ): Promise<GatewayUsage | undefined>;
}

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * Structured log lines. Callers pass only what is safe to keep: identifiers, counts, an error's
 * name and message; never an item, a body, a header, a secret or a hash.
 */
export interface Logger {
  log(
    level: LogLevel,
    message: string,
    fields?: Record<string, string | number | boolean | undefined>,
  ): void;
}

export const SILENT_LOGGER: Logger = { log: () => undefined };
