import { describe, expect, it } from 'vitest';
import { planAccess } from '../../../../../functions/core/api-keys/query/access-plan.js';
import { parseQuery } from '../../../../../functions/core/api-keys/query/query-dsl.js';
import { parseSortElement } from '../../../../../functions/core/api-keys/query/sort.js';

const context = { now: Date.UTC(2026, 0, 1) };

describe('the access plan of a query', () => {
  it('reads one owner`s index partition, narrowed by creation, when the query pins the owner', () => {
    const query = parseQuery(
      {
        bool: {
          filter: [
            { term: { username: 'alice' } },
            { term: { realm_name: 'native' } },
            { range: { creation: { gt: 100, lte: 500 } } },
          ],
          should: [{ range: { creation: { gte: 0 } } }],
        },
      },
      context,
    );

    expect(planAccess(query, undefined)).toEqual({
      kind: 'owner',
      owner: { principal: 'alice', realm: 'native' },
      creation: { from: 101, to: 500 },
    });
  });

  it('always reads the caller`s partition when only its own keys may be seen', () => {
    const query = parseQuery({ term: { username: 'bob' } }, context);

    expect(planAccess(query, { principal: 'carol', realm: 'native' })).toEqual({
      kind: 'owner',
      owner: { principal: 'carol', realm: 'native' },
      creation: {},
    });
  });

  it('reads named ids one by one, and scans otherwise', () => {
    const ids = parseQuery({ bool: { must: [{ ids: { values: ['a', 'b'] } }] } }, context);
    const optional = parseQuery({ bool: { should: [{ term: { username: 'x' } }] } }, context);

    expect(planAccess(ids, undefined)).toEqual({ kind: 'ids', ids: ['a', 'b'] });
    expect(planAccess(optional, undefined)).toEqual({ kind: 'scan' });
  });
});

describe('index lookups and creation pages in the access plan', () => {
  const creation = (descending: boolean) =>
    parseSortElement({ creation: descending ? 'desc' : 'asc' }, context.now);

  it('looks up a required name, prefix, username or realm on the all-keys indexes', () => {
    const plan = (json: unknown) => planAccess(parseQuery(json, context), undefined);

    expect(
      plan({ bool: { filter: [{ term: { name: 'ci' } }, { prefix: { name: 'c' } }] } }),
    ).toEqual({
      kind: 'lookup',
      lookup: { by: 'name', name: 'ci' },
    });
    expect(plan({ bool: { must: { prefix: { name: 'ci-' } } } })).toEqual({
      kind: 'lookup',
      lookup: { by: 'namePrefix', prefix: 'ci-' },
    });
    expect(
      plan({ bool: { must: [{ term: { username: 'u' } }, { prefix: { name: 'c' } }] } }),
    ).toEqual({
      kind: 'lookup',
      lookup: { by: 'username', username: 'u' },
    });
    expect(plan({ term: { realm_name: 'ldap' } })).toEqual({
      kind: 'lookup',
      lookup: { by: 'realm', realm: 'ldap' },
    });
    // Case-insensitive or optional terms do not pin a key: those are read in full.
    expect(plan({ term: { name: { value: 'ci', case_insensitive: true } } })).toEqual({
      kind: 'scan',
    });
    expect(plan({ bool: { should: [{ term: { name: 'ci' } }] } })).toEqual({ kind: 'scan' });
  });

  it('pages all keys by creation only when nothing but the page is asked for', () => {
    const all = parseQuery({ match_all: {} }, context);

    expect(
      planAccess(all, undefined, { sort: [creation(true)], aggregations: false, after: [5] }),
    ).toEqual({
      kind: 'creation',
      descending: true,
      after: 5,
    });
    expect(planAccess(all, undefined, { sort: [], aggregations: false, after: undefined })).toEqual(
      {
        kind: 'creation',
        descending: false,
      },
    );
    expect(
      planAccess(all, undefined, { sort: [creation(false)], aggregations: true, after: undefined }),
    ).toEqual({
      kind: 'scan',
    });
    const byName = parseSortElement('name', context.now);
    expect(
      planAccess(all, undefined, { sort: [byName], aggregations: false, after: undefined }),
    ).toEqual({
      kind: 'scan',
    });
    const filtered = parseQuery({ term: { invalidated: false } }, context);
    expect(
      planAccess(filtered, undefined, {
        sort: [creation(true)],
        aggregations: false,
        after: undefined,
      }),
    ).toEqual({
      kind: 'scan',
    });
  });
});
