import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../../functions/core/api-keys/api-key.js';
import { handler } from '../../functions/handlers/query-api-keys.js';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { apiKeyRecord } from '../support/api-key-records.js';
import { invoke } from '../support/events.js';
import { ELASTIC, useHandlerEnvironment } from '../support/handler-env.js';

/**
 * The query DSL, run by the real handler over keys in DynamoDB Local, must agree with a naive
 * evaluation written here independently over the same generated keys.
 */

const NOW = Date.now();
const DAY = 86_400_000;
const USERS = ['alice', 'bob', 'carol'];
const REALMS = ['native', 'ldap'];
const NAMES = ['ci-deploy', 'ci-test', 'billing', 'Billing-eu', 'ops*'];
const ENVS = ['prod', 'dev', 'stage'];

interface Generated {
  id: string;
  name: string;
  username: string;
  realm: string;
  creation: number;
  expiration?: number;
  invalidated: boolean;
  env?: string;
  tags: string[];
}

const keyArbitrary = fc.record({
  name: fc.constantFrom(...NAMES),
  username: fc.constantFrom(...USERS),
  realm: fc.constantFrom(...REALMS),
  ageDays: fc.integer({ min: 0, max: 60 }),
  expiresInDays: fc.option(fc.integer({ min: -10, max: 30 }), { nil: undefined }),
  invalidated: fc.boolean(),
  env: fc.option(fc.constantFrom(...ENVS), { nil: undefined }),
  tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
});

function toRecord(key: Generated): ApiKeyRecord {
  const record = apiKeyRecord({
    id: key.id,
    name: key.name,
    creation_time: key.creation,
    ...(key.expiration === undefined ? {} : { expiration_time: key.expiration }),
    api_key_invalidated: key.invalidated,
    ...(key.invalidated ? { invalidation_time: key.creation + 1 } : {}),
    metadata: { ...(key.env === undefined ? {} : { env: key.env }), tags: key.tags },
  });
  return { ...record, creator: { ...record.creator, principal: key.username, realm: key.realm } };
}

/** A query both as ES JSON and as the oracle's own predicate. */
interface Case {
  json: Record<string, unknown>;
  test: (key: Generated) => boolean;
}

const leaf: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom(...NAMES).map((name) => ({
    json: { term: { name } },
    test: (k: Generated) => k.name === name,
  })),
  fc.constantFrom(...NAMES).map((name) => ({
    json: { term: { name: { value: name.toLowerCase(), case_insensitive: true } } },
    test: (k: Generated) => k.name.toLowerCase() === name.toLowerCase(),
  })),
  fc.uniqueArray(fc.constantFrom(...USERS), { minLength: 1 }).map((users) => ({
    json: { terms: { username: users } },
    test: (k: Generated) => users.includes(k.username),
  })),
  fc.constantFrom('ci', 'bill', 'B', 'ops').map((prefix) => ({
    json: { prefix: { name: prefix } },
    test: (k: Generated) => k.name.startsWith(prefix),
  })),
  fc.constantFrom('ci-*', '*ing*', '?i-test', 'ops\\*').map((pattern) => ({
    json: { wildcard: { name: { value: pattern } } },
    test: (k: Generated) =>
      ({
        'ci-*': k.name.startsWith('ci-'),
        '*ing*': k.name.includes('ing'),
        '?i-test': k.name.length === 7 && k.name.endsWith('i-test'),
        'ops\\*': k.name === 'ops*',
      })[pattern] as boolean,
  })),
  fc.boolean().map((invalidated) => ({
    json: { term: { invalidated } },
    test: (k: Generated) => k.invalidated === invalidated,
  })),
  fc.constantFrom('expiration', 'metadata.env', 'invalidation').map((field) => ({
    json: { exists: { field } },
    test: (k: Generated) =>
      field === 'expiration'
        ? k.expiration !== undefined
        : field === 'invalidation'
          ? k.invalidated
          : k.env !== undefined,
  })),
  fc.constantFrom(...ENVS).map((env) => ({
    json: { match: { 'metadata.env': env } },
    test: (k: Generated) => k.env === env,
  })),
  fc.constantFrom('a', 'b', 'c').map((tag) => ({
    json: { term: { 'metadata.tags': tag } },
    test: (k: Generated) => k.tags.includes(tag),
  })),
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom('gte', 'gt', 'lt', 'lte'))
    .map(([days, op]) => {
      const bound = NOW - days * DAY;
      return {
        json: { range: { creation: { [op]: bound } } },
        test: (k: Generated) =>
          op === 'gte'
            ? k.creation >= bound
            : op === 'gt'
              ? k.creation > bound
              : op === 'lt'
                ? k.creation < bound
                : k.creation <= bound,
      };
    }),
  fc.integer({ min: -10, max: 30 }).map((days) => ({
    json: { range: { expiration: { gte: `now${days < 0 ? '' : '+'}${days}d` } } },
    test: (k: Generated) => k.expiration !== undefined && k.expiration >= NOW + days * DAY,
  })),
  fc.constantFrom(...USERS).map((user) => ({
    json: { simple_query_string: { query: `${user} | nobody`, fields: ['username'] } },
    test: (k: Generated) => k.username === user,
  })),
);

const query: fc.Arbitrary<Case> = fc.letrec<{ q: Case }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .record({
        must: fc.array(tie('q'), { maxLength: 2 }),
        filter: fc.array(tie('q'), { maxLength: 2 }),
        should: fc.array(tie('q'), { maxLength: 3 }),
        mustNot: fc.array(tie('q'), { maxLength: 2 }),
        minimum: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      })
      .map(({ must, filter, should, mustNot, minimum }) => {
        const required =
          minimum ?? (should.length > 0 && must.length === 0 && filter.length === 0 ? 1 : 0);
        return {
          json: {
            bool: {
              must: must.map((c) => c.json),
              filter: filter.map((c) => c.json),
              should: should.map((c) => c.json),
              must_not: mustNot.map((c) => c.json),
              ...(minimum === undefined ? {} : { minimum_should_match: minimum }),
            },
          },
          test: (k: Generated) =>
            must.every((c) => c.test(k)) &&
            filter.every((c) => c.test(k)) &&
            !mustNot.some((c) => c.test(k)) &&
            should.filter((c) => c.test(k)).length >= required,
        };
      }),
  ),
})).q;

/** Pins the owner (username + realm_name terms) so the query reads the owner index instead. */
const ownerPinned: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...USERS),
    fc.constantFrom(...REALMS),
    query,
    fc.integer({ min: 0, max: 40 }),
  )
  .map(([user, realm, inner, days]) => ({
    json: {
      bool: {
        filter: [
          { term: { username: user } },
          { term: { realm_name: realm } },
          { range: { creation: { gte: NOW - days * DAY } } },
        ],
        must: [inner.json],
      },
    },
    test: (k: Generated) =>
      k.username === user && k.realm === realm && k.creation >= NOW - days * DAY && inner.test(k),
  }));

describe('query DSL against an independent in-memory evaluation', () => {
  const keys: Generated[] = [];

  beforeAll(async () => {
    await useHandlerEnvironment();
    const generated = fc.sample(keyArbitrary, { numRuns: 300, seed: 42 });
    generated.forEach((g, i) => {
      keys.push({
        id: `oracle-${String(i).padStart(4, '0')}`,
        name: g.name,
        username: g.username,
        realm: g.realm,
        creation: NOW - g.ageDays * DAY - i,
        ...(g.expiresInDays === undefined
          ? {}
          : { expiration: NOW + g.expiresInDays * DAY + DAY / 2 }),
        invalidated: g.invalidated,
        ...(g.env === undefined ? {} : { env: g.env }),
        tags: g.tags,
      });
    });
    const store = new DynamoApiKeyStore(
      createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] }),
      process.env['API_KEYS_TABLE'] as string,
    );
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(keys.slice(i, i + 25).map((key) => store.create(toRecord(key))));
    }
  });

  async function run(json: Record<string, unknown>) {
    const response = await invoke(handler, {
      method: 'POST',
      path: '/_security/_query/api_key',
      headers: ELASTIC,
      body: { query: json, size: 1000, sort: ['creation'] },
    });
    expect(response.status, response.raw).toBe(200);
    return response.body as { total: number; api_keys: Array<{ id: string }> };
  }

  async function agrees(c: Case): Promise<void> {
    const expected = keys
      .filter(c.test)
      .sort((a, b) => a.creation - b.creation)
      .map((k) => k.id);
    const result = await run(c.json);

    expect(result.api_keys.map((k) => k.id)).toEqual(expected);
    expect(result.total).toBe(expected.length);
  }

  it('agrees on every generated query, all-keys scans included', async () => {
    await fc.assert(fc.asyncProperty(query, agrees), { numRuns: 150, seed: 7 });
  });

  it('agrees when the query pins an owner and a creation range (owner index reads)', async () => {
    await fc.assert(fc.asyncProperty(ownerPinned, agrees), { numRuns: 60, seed: 11 });
  });
});
