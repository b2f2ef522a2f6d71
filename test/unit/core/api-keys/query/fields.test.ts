import { describe, expect, it } from 'vitest';
import {
  expandFieldPattern,
  flattenedValues,
  resolveField,
} from '../../../../../functions/core/api-keys/query/fields.js';

describe('API key query fields', () => {
  it('indexes metadata as ES`s flattened field: leaves at a path, as text', () => {
    const metadata = {
      env: 'prod',
      n: 3,
      ok: true,
      tags: ['a', 'b'],
      deep: { x: 1 },
      'a.b': 'dotted',
    };

    expect(flattenedValues(metadata, ['env'])).toEqual(['prod']);
    expect(flattenedValues(metadata, ['n'])).toEqual(['3']);
    expect(flattenedValues(metadata, ['tags'])).toEqual(['a', 'b']);
    expect(flattenedValues(metadata, ['deep'])).toEqual([]);
    expect(flattenedValues(metadata, ['deep', 'x'])).toEqual(['1']);
    expect(flattenedValues(metadata, ['a', 'b'])).toEqual(['dotted']);
    expect(flattenedValues(metadata, []).sort()).toEqual([
      '1',
      '3',
      'a',
      'b',
      'dotted',
      'prod',
      'true',
    ]);
  });

  it('refuses fields outside the allowed list and patterns outside simple_query_string', () => {
    expect(resolveField('realm_name').indexName).toBe('creator.realm');
    expect(() => resolveField('role_descriptors')).toThrowError(
      'Field [role_descriptors] is not allowed for querying or aggregation',
    );
    expect(() => resolveField('*')).toThrowError(
      'Field name pattern [*] is not allowed for querying or aggregation',
    );
  });

  it('expands simple_query_string patterns against the allowed fields only', () => {
    expect(expandFieldPattern('*').map((f) => f.name)).toEqual([
      'username',
      'realm_name',
      'name',
      'type',
      'creation',
      'expiration',
      'invalidated',
      'invalidation',
      'metadata',
    ]);
    expect(expandFieldPattern('*name').map((f) => f.name)).toEqual([
      'username',
      'realm_name',
      'name',
    ]);
    expect(expandFieldPattern('metadata.env').map((f) => f.name)).toEqual(['metadata.env']);
    expect(expandFieldPattern('secret')).toEqual([]);
  });
});
