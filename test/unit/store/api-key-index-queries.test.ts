import { describe, expect, it } from 'vitest';
import {
  isIndexUnavailable,
  lookupQuery,
  prefixEnd,
} from '../../../functions/store/api-key-index-queries.js';

describe('index queries of the API key table', () => {
  it('ends a prefix range right after every string that starts with the prefix', () => {
    expect(prefixEnd('ci-')).toBe('ci.');
    expect(prefixEnd('default_native/')).toBe('default_native0');
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\uD7FF')).toBe('\uE000');
    expect(prefixEnd('\u{10FFFF}')).toBeUndefined();
    for (const name of ['ci-', 'ci-deploy', 'ci-\u{10FFFF}\u{10FFFF}']) {
      expect(Buffer.compare(Buffer.from(name), Buffer.from('ci.'))).toBeLessThan(0);
    }
  });

  it('reads a prefix as a range of the name index, and no index for a term it cannot hold', () => {
    expect(lookupQuery('t', { by: 'namePrefix', prefix: 'ci-' })).toMatchObject({
      IndexName: 'all-name',
      KeyConditionExpression: 'doc_type = :doc_type AND #sort_key BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':doc_type': 'api_key', ':from': 'ci-', ':to': 'ci.' },
    });
    expect(lookupQuery('t', { by: 'realm', realm: 'ldap' })).toMatchObject({
      IndexName: 'all-owner',
      ExpressionAttributeValues: { ':from': 'ldap/', ':to': 'ldap0' },
    });
    expect(lookupQuery('t', { by: 'name', name: 'x'.repeat(1025) })).toBeUndefined();
    expect(lookupQuery('t', { by: 'namePrefix', prefix: '\uD800' })).toBeUndefined();
  });

  it('tells an index that is missing or being built from other validation errors', () => {
    const error = (message: string) =>
      Object.assign(new Error(message), { name: 'ValidationException' });

    expect(isIndexUnavailable(error('The table does not have the specified index: all-name'))).toBe(
      true,
    );
    expect(isIndexUnavailable(error('Cannot read from backfilling global secondary index'))).toBe(
      true,
    );
    expect(isIndexUnavailable(error('Item size has exceeded the maximum allowed size'))).toBe(
      false,
    );
  });
});
