import { describe, expect, it } from 'vitest';
import { planAccess } from '../../../../../functions/core/api-keys/query/access-plan.js';
import { parseQuery } from '../../../../../functions/core/api-keys/query/query-dsl.js';

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
