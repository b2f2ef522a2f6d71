import { describe, expect, it } from 'vitest';
import {
  grantsNothing,
  parseRoleDescriptor,
  type RoleDescriptor,
  roleDescriptorsToJson,
  roleDescriptorToJson,
  SUPERUSER_ROLE,
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
    expect(Object.keys(roleDescriptorToJson(empty()))).not.toContain('restriction');
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

describe('RoleDescriptor.parse: every field`s type errors, as ES words them', () => {
  const role = 'failed to parse role [r].';
  const indices = 'failed to parse indices privileges for role [r].';
  const apps = 'failed to parse application privileges for role [r].';
  const app = { application: 'app', privileges: ['read'], resources: ['*'] };
  const group = { names: ['a'], privileges: ['read'] };

  it.each([
    [
      { cluster: ['a', 1] },
      `${role} expected field [cluster] value to be an array of strings, but found [START_ARRAY] instead`,
    ],
    [
      { run_as: 1 },
      `${role} expected field [run_as] value to be an array of strings, but found [VALUE_NUMBER] instead`,
    ],
    [
      { indices: 'x' },
      `${role} expected field [indices] value to be an array of objects, but found [VALUE_STRING] instead`,
    ],
    [
      { index: true },
      `${role} expected field [index] value to be an array of objects, but found [VALUE_BOOLEAN] instead`,
    ],
    [
      { applications: 1 },
      `${role} expected field [applications] value to be an array of objects, but found [VALUE_NUMBER] instead`,
    ],
    [
      { global: 'x' },
      `${role} expected field [global] value to be an object, but found [VALUE_STRING] instead`,
    ],
    [
      { description: 1 },
      `${role} expected field [description] value to be a string, but found [VALUE_NUMBER] instead`,
    ],
    [{ indices: ['x'] }, `${indices} expected an object but found [VALUE_STRING] instead`],
    [
      { indices: [{ ...group, names: 1 }] },
      `${indices} expected field [names] value to be an array of strings, but found [VALUE_NUMBER] instead`,
    ],
    [
      { indices: [{ ...group, privileges: {} }] },
      `${indices} expected field [privileges] value to be an array of strings, but found [START_OBJECT] instead`,
    ],
    [
      { indices: [{ ...group, allow_restricted_indices: 'yes' }] },
      `${indices} expected field [allow_restricted_indices] value to be a boolean, but found [VALUE_STRING] instead`,
    ],
    [
      { indices: [{ ...group, field_security: 'x' }] },
      `${indices} expected field [field_security] value to be an object, but found [VALUE_STRING] instead`,
    ],
    [
      { indices: [{ ...group, field_security: { grant: ['a'], bad: [] } }] },
      `${indices} unexpected field [field_security.bad]`,
    ],
    [
      { indices: [{ ...group, query: 1 }] },
      `${indices} expected field [query] value to be a string or an object, but found [VALUE_NUMBER] instead`,
    ],
    [{ applications: [null] }, `${apps} expected an object but found [VALUE_NULL] instead`],
    [
      { applications: [{ privileges: ['read'], resources: ['*'] }] },
      `${apps} missing required [application] field`,
    ],
    [
      { applications: [{ application: 'app', resources: ['*'] }] },
      `${apps} missing required [privileges] field`,
    ],
    [
      { applications: [{ ...app, application: 1 }] },
      `${apps} expected field [application] value to be a string, but found [VALUE_NUMBER] instead`,
    ],
    [
      { applications: [{ ...app, privileges: 1 }] },
      `${apps} expected field [privileges] value to be an array of strings, but found [VALUE_NUMBER] instead`,
    ],
    [
      { applications: [{ ...app, resources: [1] }] },
      `${apps} expected field [resources] value to be an array of strings, but found [START_ARRAY] instead`,
    ],
    [
      { restriction: 'x' },
      'failed to parse restriction for role [r]. missing required [workflows] field',
    ],
    [
      { restriction: { workflows: 'x' } },
      'failed to parse restriction for role [r]. expected field [workflows] value to be an array of strings',
    ],
    [
      { restriction: { workflows: ['a', 1] } },
      'failed to parse restriction for role [r]. expected field [workflows] value to be an array of strings',
    ],
  ])('rejects %j: %s', (json, reason) => {
    const error = thrown(() => parseRoleDescriptor('r', json));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'parse_exception',
      reason,
    });
  });

  it('rejects a field_security list that is not strings', () => {
    const error = thrown(() =>
      parseRoleDescriptor('r', { indices: [{ ...group, field_security: { except: 1 } }] }),
    );

    expect(error.status).toBe(400);
    expect(error.reason).toMatch(
      /^failed to parse indices privileges for role \[r\]\. expected field \[field_security\.except\] value to be an array of strings/,
    );
  });

  it('reads a string as a one-element list and a single object as a one-element array', () => {
    const descriptor = parseRoleDescriptor('r', {
      cluster: 'monitor',
      run_as: 'u',
      application: app,
      indices: { names: 'a', privileges: 'read', field_security: { grant: 'f' }, query: 'q' },
    });

    expect(descriptor).toEqual({
      cluster: ['monitor'],
      run_as: ['u'],
      applications: [app],
      indices: [
        {
          names: ['a'],
          privileges: ['read'],
          allow_restricted_indices: false,
          field_security: { grant: ['f'] },
          query: 'q',
        },
      ],
      metadata: {},
    });
  });

  it('keeps a non-empty global, drops an empty one, and keeps a description', () => {
    const global = { application: { manage: { applications: ['a'] } } };

    expect(parseRoleDescriptor('r', { global }).global).toEqual(global);
    expect(parseRoleDescriptor('r', { global: {} })).not.toHaveProperty('global');
    expect(parseRoleDescriptor('r', { description: 'd' }).description).toBe('d');
    expect(parseRoleDescriptor('r', { metadata: { a: 1 } }).metadata).toEqual({ a: 1 });
    expect(
      parseRoleDescriptor('r', { indices: [{ ...group, allow_restricted_indices: true }] })
        .indices[0]?.allow_restricted_indices,
    ).toBe(true);
  });
});

describe('RoleDescriptorRequestValidator: application entries', () => {
  it.each([
    [
      { application: '', privileges: ['read'], resources: ['*'] },
      ['application name must not be empty'],
    ],
    [
      { application: 'a', privileges: ['read', ' '], resources: ['*'] },
      ['application privileges for [a] must not be empty'],
    ],
    [
      { application: 'a', privileges: ['read'], resources: ['*', ''] },
      ['application resources for [a] must not be empty'],
    ],
    [{ application: 'a', privileges: ['read'], resources: [' '] }, []],
  ])('%j gives %j', (application, errors) => {
    expect(validateRoleDescriptor({ ...empty(), applications: [application] })).toEqual(errors);
  });

  it('accepts metadata keys that start with anything but _', () => {
    expect(validateRoleDescriptor({ ...empty(), metadata: { a_: 1, b: { _c: 1 } } })).toEqual([]);
  });

  it('prints a description only when the descriptor has one', () => {
    expect(roleDescriptorToJson({ ...empty(), description: 'd' })['description']).toBe('d');
    expect(roleDescriptorToJson({ ...empty(), description: '' })['description']).toBe('');
    expect(Object.keys(roleDescriptorToJson(empty()))).not.toContain('description');
  });
});

describe('the superuser role', () => {
  it('is ES`s reserved superuser descriptor', () => {
    expect(roleDescriptorToJson(SUPERUSER_ROLE)).toEqual({
      cluster: ['all'],
      indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: true }],
      applications: [{ application: '*', privileges: ['*'], resources: ['*'] }],
      run_as: ['*'],
      metadata: { _reserved: true },
      transient_metadata: { enabled: true },
    });
  });
});
