import { describe, expect, it } from 'vitest';
import {
  grantsNothing,
  parseRoleDescriptor,
  type RoleDescriptor,
  roleDescriptorsToJson,
  roleDescriptorToJson,
  validateRoleDescriptor,
} from '../../../../functions/core/security/role-descriptor.js';
import { thrown } from '../../thrown.js';

function empty(): RoleDescriptor {
  return { cluster: [], indices: [], applications: [], run_as: [], metadata: {} };
}

describe('RoleDescriptor.parse', () => {
  it('normalises a descriptor with every list present', () => {
    const json = {
      cluster: ['monitor'],
      indices: [{ names: ['index-a'], privileges: ['read'] }],
      applications: [{ application: 'app', privileges: ['read'], resources: ['*'] }],
      run_as: ['other'],
      metadata: { version: 1 },
    };

    const descriptor = parseRoleDescriptor('r', json);

    expect(descriptor).toEqual({
      cluster: ['monitor'],
      indices: [{ names: ['index-a'], privileges: ['read'], allow_restricted_indices: false }],
      applications: [{ application: 'app', privileges: ['read'], resources: ['*'] }],
      run_as: ['other'],
      metadata: { version: 1 },
    });
  });

  it('parses an empty object as a descriptor that grants nothing', () => {
    const descriptor = parseRoleDescriptor('noop', {});

    expect(descriptor).toEqual(empty());
  });

  it('accepts the index alias, a single object for indices and a string for names', () => {
    const descriptor = parseRoleDescriptor('r', { index: { names: 'a', privileges: 'read' } });

    expect(descriptor.indices).toEqual([
      { names: ['a'], privileges: ['read'], allow_restricted_indices: false },
    ]);
  });

  it('keeps field_security, query and allow_restricted_indices', () => {
    const json = {
      indices: [
        {
          names: ['a'],
          privileges: ['read'],
          field_security: { grant: ['f*'], except: ['f2'] },
          query: { term: { x: 1 } },
          allow_restricted_indices: true,
        },
      ],
    };

    const descriptor = parseRoleDescriptor('r', json);

    expect(descriptor.indices).toEqual([
      {
        names: ['a'],
        privileges: ['read'],
        field_security: { grant: ['f*'], except: ['f2'] },
        query: { term: { x: 1 } },
        allow_restricted_indices: true,
      },
    ]);
  });

  it('ignores transient_metadata on input, as ES does', () => {
    const descriptor = parseRoleDescriptor('r', { transient_metadata: { enabled: false } });

    expect(descriptor).toEqual(empty());
  });

  it.each([
    [{ foo: 1 }, 'failed to parse role [r]. unexpected field [foo]'],
    ['x', 'failed to parse role [r]. expected an object but found [VALUE_STRING] instead'],
    [[], 'failed to parse role [r]. expected an object but found [START_ARRAY] instead'],
    [
      { cluster: 1 },
      'failed to parse role [r]. expected field [cluster] value to be an array of strings, but found [VALUE_NUMBER] instead',
    ],
    [
      { metadata: 'x' },
      'failed to parse role [r]. expected field [metadata] value to be an object, but found [VALUE_STRING] instead',
    ],
    [
      { indices: [{ names: ['a'], privileges: ['read'], bad: 1 }] },
      'failed to parse indices privileges for role [r]. unexpected field [bad]',
    ],
    [
      { indices: [{ privileges: ['read'] }] },
      'failed to parse indices privileges for role [r]. missing required [names] field',
    ],
    [
      { indices: [{ names: ['a'] }] },
      'failed to parse indices privileges for role [r]. missing required [privileges] field',
    ],
    [
      { applications: [{ application: 'app', privileges: ['read'] }] },
      'failed to parse application privileges for role [r]. missing required [resources] field',
    ],
    [
      { applications: [{ application: 'app', privileges: ['read'], resources: ['*'], x: 1 }] },
      'failed to parse application privileges for role [r]. unexpected field [x]',
    ],
    [
      { restriction: {} },
      'failed to parse restriction for role [r]. missing required [workflows] field',
    ],
  ])('rejects %j with 400 parse_exception %s', (json, reason) => {
    const error = thrown(() => parseRoleDescriptor('r', json));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'parse_exception',
      reason,
    });
  });

  it('rejects description for API key descriptors but accepts it for roles', () => {
    const error = thrown(() =>
      parseRoleDescriptor('r', { description: 'd' }, { allowDescription: false }),
    );
    const role = parseRoleDescriptor('r', { description: 'd' });

    expect(error.reason).toBe('failed to parse role [r]. unexpected field [description]');
    expect(role.description).toBe('d');
  });

  it('keeps a restriction with workflows', () => {
    const descriptor = parseRoleDescriptor('r', {
      restriction: { workflows: ['search_application_query'] },
    });

    expect(descriptor.restriction).toEqual({ workflows: ['search_application_query'] });
  });
});

describe('RoleDescriptorRequestValidator', () => {
  it('accepts a valid descriptor', () => {
    const descriptor = parseRoleDescriptor('r', {
      cluster: ['manage_own_api_key'],
      indices: [{ names: ['a'], privileges: ['read', 'indices:data/read/*'] }],
    });

    const errors = validateRoleDescriptor(descriptor);

    expect(errors).toEqual([]);
  });

  it('reports every problem in order: cluster, indices, applications, metadata', () => {
    const descriptor: RoleDescriptor = {
      cluster: ['foo'],
      indices: [{ names: [], privileges: ['reed'], allow_restricted_indices: false }],
      applications: [{ application: 'app', privileges: [], resources: [] }],
      run_as: [],
      metadata: { _reserved: true },
    };

    const errors = validateRoleDescriptor(descriptor);

    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/^unknown cluster privilege \[foo\]/);
    expect(errors[1]).toBe(
      'indices privileges must refer to at least one index name or index name pattern',
    );
    expect(errors[2]).toMatch(/^unknown index privilege \[reed\]/);
    expect(errors[3]).toBe('application privileges for [app] must not be empty');
    expect(errors[4]).toBe('application resources for [app] must not be empty');
    expect(errors[5]).toBe('role descriptor metadata keys may not start with [_]');
  });

  it('requires at least one index privilege', () => {
    const descriptor: RoleDescriptor = {
      ...empty(),
      indices: [{ names: ['a'], privileges: [], allow_restricted_indices: false }],
    };

    const errors = validateRoleDescriptor(descriptor);

    expect(errors).toEqual(['indices privileges must define at least one privilege']);
  });
});

describe('role descriptor JSON as ES returns it', () => {
  it('prints every list, metadata and transient_metadata {enabled:true}', () => {
    const descriptor = parseRoleDescriptor('role-a', {
      cluster: ['monitor'],
      indices: [{ names: ['index-a'], privileges: ['read'] }],
    });

    const json = roleDescriptorToJson(descriptor);

    expect(JSON.stringify(json)).toBe(
      JSON.stringify({
        cluster: ['monitor'],
        indices: [{ names: ['index-a'], privileges: ['read'], allow_restricted_indices: false }],
        applications: [],
        run_as: [],
        metadata: {},
        transient_metadata: { enabled: true },
      }),
    );
  });

  it('includes global and restriction only when present', () => {
    const descriptor: RoleDescriptor = {
      ...empty(),
      global: { application: { manage: { applications: ['a'] } } },
      restriction: { workflows: ['w'] },
    };

    const json = roleDescriptorToJson(descriptor);

    expect(json['global']).toEqual({ application: { manage: { applications: ['a'] } } });
    expect(json['restriction']).toEqual({ workflows: ['w'] });
    expect(Object.keys(roleDescriptorToJson(empty()))).not.toContain('global');
  });

  it('maps each named descriptor', () => {
    const json = roleDescriptorsToJson({ a: empty(), b: { ...empty(), cluster: ['all'] } });

    expect(Object.keys(json)).toEqual(['a', 'b']);
    expect(json['b']).toMatchObject({ cluster: ['all'] });
  });
});

describe('grantsNothing', () => {
  it('is true only for a descriptor with nothing in it', () => {
    const result = grantsNothing(empty());

    expect(result).toBe(true);
  });

  it.each([
    ['cluster', { cluster: ['monitor'] }],
    [
      'indices',
      { indices: [{ names: ['a'], privileges: ['read'], allow_restricted_indices: false }] },
    ],
    ['applications', { applications: [{ application: 'a', privileges: ['r'], resources: ['*'] }] }],
    ['run_as', { run_as: ['u'] }],
    ['global', { global: { application: {} } }],
    ['metadata', { metadata: { a: 1 } }],
    ['restriction', { restriction: { workflows: ['search_application_query'] } }],
  ])('is false when %s is set, as ES`s RoleDescriptor.isEmpty', (_field, patch) => {
    const result = grantsNothing({ ...empty(), ...patch });

    expect(result).toBe(false);
  });
});
