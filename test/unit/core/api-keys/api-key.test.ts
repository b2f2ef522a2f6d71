import { describe, expect, it } from 'vitest';
import {
  type ApiKeyRecord,
  creatorOf,
  deleteAfter,
  expirationTime,
  isActive,
  isExpired,
  isOwnedBy,
  LATEST_DATE_MILLIS,
  toApiKeyInfo,
} from '../../../../functions/core/api-keys/api-key.js';
import {
  type Authentication,
  NATIVE_REALM,
  RESERVED_REALM,
} from '../../../../functions/core/security/authentication.js';
import { thrown } from '../../thrown.js';

const DAY = 86_400_000;

function record(patch: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: 'VuaCfGcBCdbkQm-e5aOx',
    doc_type: 'api_key',
    type: 'rest',
    name: 'my-key',
    creation_time: 1_700_000_000_000,
    api_key_invalidated: false,
    api_key_hash: '{SSHA256}secret-hash',
    role_descriptors: {
      r: { cluster: ['monitor'], indices: [], applications: [], run_as: [], metadata: {} },
    },
    limited_by_role_descriptors: {
      owner: { cluster: ['all'], indices: [], applications: [], run_as: [], metadata: {} },
    },
    metadata: { team: 'a' },
    creator: {
      principal: 'bob',
      realm: 'default_native',
      realm_type: 'native',
      full_name: null,
      email: null,
      metadata: {},
    },
    version: 1,
    ...patch,
  };
}

describe('API key expiry and activity', () => {
  it('is active without an expiration and not invalidated', () => {
    const key = record();

    expect(isExpired(key, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(isActive(key, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('is active one millisecond before expiration_time and expired at exactly expiration_time', () => {
    const key = record({ expiration_time: 5_000 });

    const before = [isExpired(key, 4_999), isActive(key, 4_999)];
    const at = [isExpired(key, 5_000), isActive(key, 5_000)];

    expect(before).toEqual([false, true]);
    expect(at).toEqual([true, false]);
  });

  it('is not active once invalidated, even before expiry', () => {
    const key = record({
      api_key_invalidated: true,
      invalidation_time: 10,
      expiration_time: 5_000,
    });

    const active = isActive(key, 100);

    expect(active).toBe(false);
  });
});

describe('expirationTime (whole seconds, within the representable date range)', () => {
  it('accepts an expiry at the latest date JavaScript can hold', () => {
    const result = expirationTime(0, LATEST_DATE_MILLIS);

    expect(result).toBe(LATEST_DATE_MILLIS);
    expect(new Date(result).toISOString()).toBe('+275760-09-13T00:00:00.000Z');
  });

  it.each([
    ['100000000d', 100_000_000 * DAY],
    ['999999999999999d', 999_999_999_999_999 * DAY],
  ])('refuses %s with a 400, as no date can represent it', (_label, duration) => {
    const error = thrown(() => expirationTime(Date.now(), duration));

    expect(error).toMatchObject({ status: 400, type: 'illegal_argument_exception' });
    expect(error.message).toContain('too far in the future');
  });
});

describe('deleteAfter (retention period, DynamoDB TTL in epoch seconds)', () => {
  it('is undefined for a key that neither expires nor is invalidated', () => {
    const result = deleteAfter(record(), 7 * DAY);

    expect(result).toBeUndefined();
  });

  it('is expiration plus retention, rounded up to whole seconds', () => {
    const key = record({ expiration_time: 1_700_000_000_001 });

    const result = deleteAfter(key, 7 * DAY);

    expect(result).toBe(Math.ceil((1_700_000_000_001 + 7 * DAY) / 1000));
    expect(result).toBe(1_700_604_801);
  });

  it('is invalidation plus retention when the key does not expire', () => {
    const key = record({ api_key_invalidated: true, invalidation_time: 2_000_000 });

    const result = deleteAfter(key, 1_000);

    expect(result).toBe(2_001);
  });

  it('uses the earlier of expiration and invalidation, as ES removes a key once either is past retention', () => {
    const laterExpiry = record({ expiration_time: 9_000, invalidation_time: 3_000 });
    const laterInvalidation = record({ expiration_time: 3_500, invalidation_time: 9_500 });

    const results = [deleteAfter(laterExpiry, 0), deleteAfter(laterInvalidation, 0)];

    expect(results).toEqual([3, 4]);
  });

  it('counts a 1d key invalidated at once from its invalidation, not from its expiry', () => {
    const now = 1_700_000_000_000;
    const key = record({ expiration_time: now + DAY, invalidation_time: now });

    const result = deleteAfter(key, 7 * DAY);

    expect(result).toBe((now + 7 * DAY) / 1000);
  });
});

describe('API key info as get and query return it', () => {
  it('prints the ES fields and never the hash', () => {
    const key = record({ expiration_time: 1_700_000_100_000 });

    const info = toApiKeyInfo(key, false);

    expect(info).toEqual({
      id: 'VuaCfGcBCdbkQm-e5aOx',
      name: 'my-key',
      type: 'rest',
      creation: 1_700_000_000_000,
      expiration: 1_700_000_100_000,
      invalidated: false,
      username: 'bob',
      realm: 'default_native',
      realm_type: 'native',
      metadata: { team: 'a' },
      role_descriptors: {
        r: {
          cluster: ['monitor'],
          indices: [],
          applications: [],
          run_as: [],
          metadata: {},
          transient_metadata: { enabled: true },
        },
      },
    });
    expect(info).not.toHaveProperty('invalidation');
    expect(JSON.stringify(info)).not.toContain('api_key_hash');
    expect(JSON.stringify(info)).not.toContain('secret-hash');
  });

  it('includes invalidation time for an invalidated key', () => {
    const key = record({ api_key_invalidated: true, invalidation_time: 1_700_000_050_000 });

    const info = toApiKeyInfo(key, false);

    expect(info['invalidated']).toBe(true);
    expect(info['invalidation']).toBe(1_700_000_050_000);
    expect(info).not.toHaveProperty('expiration');
  });

  it('includes limited_by as an array with one map only when asked', () => {
    const key = record();

    const without = toApiKeyInfo(key, false);
    const withLimitedBy = toApiKeyInfo(key, true);

    expect(without).not.toHaveProperty('limited_by');
    expect(withLimitedBy['limited_by']).toEqual([
      {
        owner: {
          cluster: ['all'],
          indices: [],
          applications: [],
          run_as: [],
          metadata: {},
          transient_metadata: { enabled: true },
        },
      },
    ]);
  });
});

describe('the owner of a key (ES`s creator and ownership test)', () => {
  const user = {
    username: 'bob',
    roles: ['r'],
    full_name: 'Bob B',
    email: 'bob@example.com',
    metadata: { team: 'a' },
    enabled: true,
  };

  it('snapshots a realm user: principal, realm name and type, and user details', () => {
    const authentication: Authentication = {
      type: 'realm',
      user,
      realm: NATIVE_REALM,
      roleDescriptors: {},
    };

    expect(creatorOf(authentication)).toEqual({
      principal: 'bob',
      realm: 'default_native',
      realm_type: 'native',
      full_name: 'Bob B',
      email: 'bob@example.com',
      metadata: { team: 'a' },
    });
  });

  it('snapshots the owner of an API key caller, in the owner`s realm', () => {
    const authentication: Authentication = {
      type: 'api_key',
      user,
      ownerRealm: RESERVED_REALM,
      apiKey: { id: 'k1', name: 'k', metadata: {} },
      roleDescriptors: {},
      limitedBy: {},
    };

    expect(creatorOf(authentication)).toMatchObject({
      principal: 'bob',
      realm: 'reserved',
      realm_type: 'reserved',
    });
  });

  it.each([
    ['bob', 'default_native', true],
    ['bob', 'other_realm', false],
    ['alice', 'default_native', false],
    ['alice', 'other_realm', false],
  ])('a key of bob in default_native is owned by %s in %s: %s', (principal, realm, owned) => {
    expect(isOwnedBy(record(), { principal, realm })).toBe(owned);
  });
});
