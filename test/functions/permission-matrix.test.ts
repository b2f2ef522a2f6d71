import { beforeAll, describe, expect, it } from 'vitest';
import { handler as clearCache } from '../../functions/handlers/clear-api-key-cache.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as hasPrivileges } from '../../functions/handlers/has-privileges.js';
import { handler as invalidateApiKeys } from '../../functions/handlers/invalidate-api-keys.js';
import { handler as queryApiKeys } from '../../functions/handlers/query-api-keys.js';
import { handler as updateApiKey } from '../../functions/handlers/update-api-key.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  type CreatedKey,
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
  userWith,
} from '../support/handler-env.js';

/**
 * Every API key endpoint × every kind of caller × every kind of target key, with the expected
 * answer derived in one place (`rules` below) from Elasticsearch's authorization rules:
 * - ManageOwnApiKeyClusterPrivilege: a user holding only `manage_own_api_key` may get and
 *   invalidate keys only when the request names it as owner (`owner=true`); an API key only
 *   itself, by id, and never with `with_limited_by`. Query filters to the owner (a key: itself).
 * - `read_security` grants get and query of every key; `manage_api_key` also invalidate and
 *   update; `manage_security` and superuser everything, cache clearing included.
 * - An API key caller needs `manage_api_key` or higher to see `limited_by`, even on itself.
 * - Updates are owner-only (others' keys are not found) and refused to API key callers.
 * - An API key's effective privileges are its own descriptors intersected with its owner's
 *   snapshot: `overreaching`, whose descriptors claim `manage_security` while its owner holds
 *   only `manage_own_api_key`, is no more than a `manage_own_api_key` key.
 */

type Level = 'none' | 'own' | 'read' | 'manage' | 'security';

interface Caller {
  name: string;
  /** What the effective role grants on API keys: ES's privilege families, narrowest first. */
  level: Level;
  kind: 'anonymous' | 'user' | 'key';
  /** Whose keys count as "owned" (user callers) or which key it is (key callers). */
  self?: 'owner' | 'other';
  headers: () => Record<string, string>;
}

type TargetName = 'own' | 'sibling' | 'other' | 'revoked';

interface World {
  owner: { auth: Record<string, string> };
  other: { auth: Record<string, string> };
  keys: Record<TargetName, CreatedKey>;
  callers: Record<string, Record<string, string>>;
}

const world = {} as World;

const RANK: Record<Level, number> = { none: 0, own: 1, read: 2, manage: 3, security: 4 };
const atLeast = (caller: Caller, level: Level) => RANK[caller.level] >= RANK[level];

const CALLERS: Caller[] = [
  { name: 'no credentials', level: 'none', kind: 'anonymous', headers: () => ({}) },
  {
    name: 'wrong secret',
    level: 'none',
    kind: 'anonymous',
    headers: () =>
      apiKeyAuth(Buffer.from(`${world.keys.own.id}:${'x'.repeat(22)}`).toString('base64')),
  },
  { name: 'user without privileges', level: 'none', kind: 'user', headers: () => who('noPriv') },
  {
    name: 'manage_own_api_key user',
    level: 'own',
    kind: 'user',
    self: 'owner',
    headers: () => world.owner.auth,
  },
  {
    name: 'its API key',
    level: 'own',
    kind: 'key',
    self: 'owner',
    headers: () => apiKeyAuth(world.keys.own.encoded),
  },
  {
    name: 'a sibling key of the same owner',
    level: 'own',
    kind: 'key',
    self: 'owner',
    headers: () => apiKeyAuth(world.keys.sibling.encoded),
  },
  {
    name: 'a key claiming more than its owner holds',
    level: 'own',
    kind: 'key',
    self: 'owner',
    headers: () => who('overreaching'),
  },
  { name: 'read_security user', level: 'read', kind: 'user', headers: () => who('readSecurity') },
  {
    name: 'read_security API key',
    level: 'read',
    kind: 'key',
    headers: () => who('readSecurityKey'),
  },
  {
    name: 'manage_api_key user',
    level: 'manage',
    kind: 'user',
    headers: () => who('manageApiKey'),
  },
  {
    name: 'manage_api_key API key',
    level: 'manage',
    kind: 'key',
    headers: () => who('manageApiKeyKey'),
  },
  {
    name: 'manage_security user',
    level: 'security',
    kind: 'user',
    headers: () => who('manageSecurity'),
  },
  { name: 'superuser', level: 'security', kind: 'user', headers: () => ELASTIC },
];

function who(name: string): Record<string, string> {
  const headers = world.callers[name];
  if (headers === undefined) {
    throw new Error(`no caller ${name}`);
  }
  return headers;
}

/** The key a key caller is, by target name (`own` for "its API key", and so on). */
function callerKeyTarget(caller: Caller): TargetName | undefined {
  if (caller.name === 'its API key') {
    return 'own';
  }
  if (caller.name === 'a sibling key of the same owner') {
    return 'sibling';
  }
  return undefined;
}

/** Which targets a caller owns: a user owns the keys of its principal; a key owns only itself. */
function owns(caller: Caller, target: TargetName): boolean {
  if (caller.kind === 'key') {
    return callerKeyTarget(caller) === target;
  }
  if (caller.self === 'owner') {
    return target !== 'other';
  }
  return false;
}

interface Flags {
  owner: boolean;
  withLimitedBy: boolean;
  activeOnly: boolean;
}

type Outcome = { status: 401 | 403 | 400 } | { status: 200 | 404; visible: boolean };

/** The rules: what Elasticsearch answers to `GET /_security/api_key?id=<target>&<flags>`. */
function getRule(caller: Caller, target: TargetName, flags: Flags): Outcome {
  if (caller.kind === 'anonymous') {
    return { status: 401 };
  }
  if (flags.withLimitedBy && caller.kind === 'key' && !atLeast(caller, 'manage')) {
    return { status: 403 };
  }
  const everyKey = atLeast(caller, 'read');
  const ownAllowed = caller.kind === 'key' ? owns(caller, target) : flags.owner;
  if (!everyKey && !(caller.level === 'own' && ownAllowed)) {
    return { status: 403 };
  }
  const ownerFiltered = flags.owner || !everyKey;
  const visible =
    (!ownerFiltered || owns(caller, target)) && !(flags.activeOnly && target === 'revoked');
  return { status: visible ? 200 : 404, visible };
}

const TARGETS: TargetName[] = ['own', 'sibling', 'other', 'revoked'];
const FLAG_SETS: Flags[] = [false, true].flatMap((owner) =>
  [false, true].flatMap((withLimitedBy) =>
    [false, true].map((activeOnly) => ({ owner, withLimitedBy, activeOnly })),
  ),
);

function describeFlags(flags: Flags): string {
  return `owner=${flags.owner} with_limited_by=${flags.withLimitedBy} active_only=${flags.activeOnly}`;
}

describe('permission matrix through the real handlers', () => {
  beforeAll(async () => {
    await useHandlerEnvironment();
    const owner = await userWith(['manage_own_api_key']);
    const other = await userWith(['manage_own_api_key']);
    const keys = {
      own: await createKey(owner.auth),
      sibling: await createKey(owner.auth),
      other: await createKey(other.auth),
      revoked: await createKey(owner.auth),
    };
    const revoked = await invoke(invalidateApiKeys, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [keys.revoked.id] },
    });
    expect(revoked.body.invalidated_api_keys).toEqual([keys.revoked.id]);
    const readSecurityOwner = await userWith(['read_security', 'manage_own_api_key']);
    const manageApiKey = await userWith(['manage_api_key']);
    const overreaching = await createKey(owner.auth, {
      role_descriptors: { claims: { cluster: ['manage_security'] } },
    });
    Object.assign(world, {
      owner,
      other,
      keys,
      callers: {
        noPriv: (await userWith([])).auth,
        overreaching: apiKeyAuth(overreaching.encoded),
        readSecurity: (await userWith(['read_security'])).auth,
        readSecurityKey: apiKeyAuth((await createKey(readSecurityOwner.auth)).encoded),
        manageApiKey: manageApiKey.auth,
        manageApiKeyKey: apiKeyAuth((await createKey(manageApiKey.auth)).encoded),
        manageSecurity: (await userWith(['manage_security'])).auth,
      },
    });
  });

  describe('GET /_security/api_key?id=', () => {
    const rows = CALLERS.flatMap((caller) =>
      TARGETS.flatMap((target) =>
        FLAG_SETS.map((flags) => ({
          caller,
          target,
          flags,
          expected: getRule(caller, target, flags),
        })),
      ),
    );

    it.each(rows)(
      '$caller.name on the $target key, $flags → $expected.status',
      async ({ caller, target, flags, expected }) => {
        const response = await invoke(getApiKeys, {
          method: 'GET',
          path: '/_security/api_key',
          headers: caller.headers(),
          query: {
            id: world.keys[target].id,
            owner: String(flags.owner),
            with_limited_by: String(flags.withLimitedBy),
            active_only: String(flags.activeOnly),
          },
        });

        expect(response.status, describeFlags(flags)).toBe(expected.status);
        if ('visible' in expected) {
          const keys = response.body.api_keys as Array<Record<string, unknown>>;
          expect(keys.map((key) => key['id'])).toEqual(
            expected.visible ? [world.keys[target].id] : [],
          );
          for (const key of keys) {
            expect('limited_by' in key).toBe(flags.withLimitedBy);
            expect(key['role_descriptors']).toBeDefined();
          }
        } else if (expected.status === 403) {
          expect(response.body.error.type).toBe('security_exception');
        }
      },
    );
  });

  describe('POST /_security/_query/api_key', () => {
    /** ES: read_security or above sees every key; manage_own_api_key its owner's (a key: itself). */
    function visible(caller: Caller): TargetName[] {
      if (atLeast(caller, 'read')) {
        return TARGETS;
      }
      return TARGETS.filter((target) => owns(caller, target));
    }

    const rows = CALLERS.flatMap((caller) =>
      [false, true].map((withLimitedBy) => {
        const refused =
          caller.kind === 'anonymous'
            ? 401
            : caller.level === 'none' ||
                (withLimitedBy && caller.kind === 'key' && !atLeast(caller, 'manage'))
              ? 403
              : undefined;
        return { caller, withLimitedBy, refused };
      }),
    );

    it.each(rows)(
      '$caller.name, with_limited_by=$withLimitedBy',
      async ({ caller, withLimitedBy, refused }) => {
        const ids = TARGETS.map((target) => world.keys[target].id);

        const response = await invoke(queryApiKeys, {
          method: 'POST',
          path: '/_security/_query/api_key',
          headers: caller.headers(),
          query: { with_limited_by: String(withLimitedBy) },
          body: { query: { ids: { values: ids } }, size: 100 },
        });

        if (refused !== undefined) {
          expect(response.status).toBe(refused);
          return;
        }
        expect(response.status).toBe(200);
        const keys = response.body.api_keys as Array<Record<string, unknown>>;
        const expected = visible(caller).map((target) => world.keys[target].id);
        expect(keys.map((key) => key['id']).sort()).toEqual([...expected].sort());
        for (const key of keys) {
          expect('limited_by' in key).toBe(withLimitedBy);
        }
      },
    );
  });

  describe('DELETE /_security/api_key', () => {
    /**
     * ES: manage_api_key or above invalidates any key; manage_own_api_key a user's own keys
     * when the request says `owner: true`, a key only itself (never a sibling, owner or not).
     */
    function invalidateRule(caller: Caller, target: TargetName, owner: boolean): Outcome {
      if (caller.kind === 'anonymous') {
        return { status: 401 };
      }
      if (atLeast(caller, 'manage')) {
        return { status: 200, visible: !owner || owns(caller, target) };
      }
      const ownAllowed = caller.kind === 'key' ? owns(caller, target) : owner;
      if (caller.level === 'own' && ownAllowed) {
        return { status: 200, visible: owns(caller, target) };
      }
      return { status: 403 };
    }

    const rows = CALLERS.flatMap((caller) =>
      (['own', 'sibling', 'other'] as const).flatMap((target) =>
        [false, true].map((owner) => ({
          caller,
          target,
          owner,
          expected: invalidateRule(caller, target, owner),
        })),
      ),
    );

    it.each(rows)(
      '$caller.name on the $target key, owner=$owner → $expected.status',
      async ({ caller, target, owner, expected }) => {
        // Fresh keys each time: an invalidation is for good. A key caller invalidating "its
        // own" key invalidates itself.
        const ownerAuth = target === 'other' ? world.other.auth : world.owner.auth;
        const victim = await createKey(ownerAuth);
        const selfTarget = callerKeyTarget(caller);
        const headers =
          caller.kind === 'key' && selfTarget !== undefined && selfTarget === target
            ? apiKeyAuth(victim.encoded)
            : caller.headers();
        const bystander = await createKey(world.owner.auth);

        const response = await invoke(invalidateApiKeys, {
          method: 'DELETE',
          path: '/_security/api_key',
          headers,
          body: { ids: [victim.id], ...(owner ? { owner: true } : {}) },
        });

        expect(response.status).toBe(expected.status);
        const after = await invoke(getApiKeys, {
          method: 'GET',
          path: '/_security/api_key',
          headers: ELASTIC,
          query: { id: victim.id },
        });
        const invalidated = after.body.api_keys[0]?.invalidated;
        if ('visible' in expected) {
          expect(response.body.invalidated_api_keys).toEqual(expected.visible ? [victim.id] : []);
          expect(invalidated).toBe(expected.visible);
        } else {
          expect(invalidated).toBe(false);
        }
        const untouched = await invoke(getApiKeys, {
          method: 'GET',
          path: '/_security/api_key',
          headers: ELASTIC,
          query: { id: bystander.id },
        });
        expect(untouched.body.api_keys[0]?.invalidated).toBe(false);
      },
    );
  });

  describe('PUT /_security/api_key/{id}', () => {
    /**
     * ES: owner-only for every caller (others' keys are not found), never an invalidated key;
     * API keys may not update (after authorization, so a key without the privilege gets 403).
     */
    function updateRule(caller: Caller, target: TargetName): number {
      if (caller.kind === 'anonymous') {
        return 401;
      }
      if (caller.level === 'none' || caller.level === 'read') {
        return caller.kind === 'key' && caller.level === 'read' ? 400 : 403;
      }
      if (caller.kind === 'key') {
        return 400;
      }
      if (!owns(caller, target)) {
        return 404;
      }
      return target === 'revoked' ? 400 : 200;
    }

    const rows = CALLERS.flatMap((caller) =>
      TARGETS.map((target) => ({ caller, target, status: updateRule(caller, target) })),
    );

    it.each(rows)(
      '$caller.name on the $target key → $status',
      async ({ caller, target, status }) => {
        const id = world.keys[target].id;
        const marker = unique('m');

        const response = await invoke(updateApiKey, {
          method: 'PUT',
          path: `/_security/api_key/${id}`,
          pathParameters: { ids: id },
          headers: caller.headers(),
          body: { metadata: { marker } },
        });

        expect(response.status).toBe(status);
        const stored = await invoke(getApiKeys, {
          method: 'GET',
          path: '/_security/api_key',
          headers: ELASTIC,
          query: { id },
        });
        expect(stored.body.api_keys[0].metadata['marker'] === marker).toBe(status === 200);
      },
    );
  });

  describe('POST /_security/api_key (create)', () => {
    /** ES: manage_own_api_key or above; an API key may only derive a key with an empty role. */
    function createRule(caller: Caller): number {
      if (caller.kind === 'anonymous') {
        return 401;
      }
      if (caller.level === 'none' || (caller.level === 'read' && caller.kind === 'user')) {
        return 403;
      }
      return caller.kind === 'key' ? 400 : 200;
    }

    it.each(CALLERS.map((caller) => ({ caller, status: createRule(caller) })))(
      '$caller.name → $status',
      async ({ caller, status }) => {
        const response = await invoke(createApiKey, {
          method: 'POST',
          path: '/_security/api_key',
          headers: caller.headers(),
          body: { name: unique('matrix') },
        });

        expect(response.status).toBe(status);
      },
    );
  });

  describe('POST /_security/api_key/{ids}/_clear_cache and _has_privileges', () => {
    it.each(
      CALLERS.map((caller) => ({
        caller,
        clear: caller.kind === 'anonymous' ? 401 : caller.level === 'security' ? 200 : 403,
        has: caller.kind === 'anonymous' ? 401 : 200,
      })),
    )('$caller.name → clear $clear, has_privileges $has', async ({ caller, clear, has }) => {
      const cleared = await invoke(clearCache, {
        method: 'POST',
        path: `/_security/api_key/${world.keys.own.id}/_clear_cache`,
        pathParameters: { ids: world.keys.own.id },
        headers: caller.headers(),
      });
      const checked = await invoke(hasPrivileges, {
        method: 'POST',
        path: '/_security/user/_has_privileges',
        headers: caller.headers(),
        body: { cluster: ['manage_api_key', 'manage_own_api_key', 'read_security'] },
      });

      expect(cleared.status).toBe(clear);
      expect(checked.status).toBe(has);
      if (has === 200) {
        expect(checked.body.cluster).toEqual({
          manage_api_key: atLeast(caller, 'manage'),
          manage_own_api_key:
            caller.level === 'own' ||
            atLeast(caller, 'manage') ||
            caller.name === 'read_security API key',
          // manage_api_key's actions are all API key actions: no user or role reads.
          read_security: caller.level === 'read' || caller.level === 'security',
        });
      }
    });
  });
});
