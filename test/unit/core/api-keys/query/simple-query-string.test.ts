import { describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../../../../../functions/core/api-keys/api-key.js';
import { parseQuery } from '../../../../../functions/core/api-keys/query/query-dsl.js';
import { matches } from '../../../../../functions/core/api-keys/query/query-matcher.js';
import { apiKeyRecord } from '../../../../support/api-key-records.js';

const context = { now: Date.UTC(2026, 0, 1) };

function key(name: string, username = 'alice'): ApiKeyRecord {
  const record = apiKeyRecord({ id: name, name });
  return { ...record, creator: { ...record.creator, principal: username } };
}

const names = ['ci-deploy', 'ci-test', 'billing', 'my key'];

function hits(text: string, extra: Record<string, unknown> = {}): string[] {
  const query = parseQuery(
    { simple_query_string: { query: text, fields: ['name'], ...extra } },
    context,
  );
  return names.filter((name) => matches(query, key(name)));
}

describe('simple_query_string over keyword fields', () => {
  it('follows Lucene`s operators: default OR, + AND, - NOT, * prefix, quotes, groups', () => {
    expect(hits('billing ci-test')).toEqual(['ci-test', 'billing']);
    expect(hits('ci* -ci-test')).toEqual(['ci-deploy', 'ci-test', 'billing', 'my key']);
    expect(hits('ci* +-ci-test')).toEqual(['ci-deploy']);
    expect(hits('ci* -ci-test', { default_operator: 'and' })).toEqual(['ci-deploy']);
    expect(hits('"my key"')).toEqual(['my key']);
    expect(hits('(ci-deploy | billing) +b*')).toEqual(['billing']);
    expect(hits('')).toEqual([]);
  });

  it('searches every allowed field leniently when no fields are given', () => {
    const query = parseQuery({ simple_query_string: { query: 'bob true' } }, context);

    expect(matches(query, key('x', 'bob'))).toBe(true);
    expect(matches(query, key('x', 'alice'))).toBe(false);
  });
});
