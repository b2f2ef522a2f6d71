import { describe, expect, it } from 'vitest';
import {
  validateChosenId,
  validateCreateRequest,
  validateGetRequest,
  validateInvalidateRequest,
  validateMetadataAndDescriptors,
} from '../../../../functions/core/api-keys/validation.js';
import type { RoleDescriptor } from '../../../../functions/core/security/role-descriptor.js';

const REQUIRED = 'api key name is required';
const TOO_LONG = 'api key name may not be more than 256 characters long';
const WHITESPACE = 'api key name may not begin or end with whitespace';
const UNDERSCORE = 'api key name may not begin with an underscore';
const METADATA = 'API key metadata keys may not start with [_]';

function descriptor(cluster: string[]): RoleDescriptor {
  return { cluster, indices: [], applications: [], run_as: [], metadata: {} };
}

describe('create request (AbstractCreateApiKeyRequest.validate)', () => {
  it.each([
    ['', [REQUIRED]],
    ['k', []],
    ['x'.repeat(256), []],
    ['x'.repeat(257), [TOO_LONG]],
    [' k', [WHITESPACE]],
    ['k\t', [WHITESPACE]],
    ['_k', [UNDERSCORE]],
    ['k_', []],
    [` _${'x'.repeat(256)}`, [TOO_LONG, WHITESPACE]],
    ['_k ', [WHITESPACE, UNDERSCORE]],
  ])('name %j gives %j', (name, errors) => {
    expect(validateCreateRequest(name, undefined, undefined)).toEqual(errors);
  });

  it('adds the metadata and role descriptor errors after the name`s', () => {
    const errors = validateCreateRequest('', { _x: 1 }, { r: descriptor(['bogus']) });

    expect(errors[0]).toBe(REQUIRED);
    expect(errors[1]).toBe(METADATA);
    expect(errors[2]).toMatch(/^unknown cluster privilege \[bogus\]/);
    expect(errors).toHaveLength(3);
  });
});

describe('metadata and role descriptors', () => {
  it.each([
    [undefined, []],
    [{}, []],
    [{ a: 1, b_: 2, c: { _nested: 1 } }, []],
    [{ a: 1, _b: 2 }, [METADATA]],
  ])('metadata %j gives %j', (metadata, errors) => {
    expect(validateMetadataAndDescriptors(metadata, undefined)).toEqual(errors);
  });

  it('checks every role descriptor', () => {
    const errors = validateMetadataAndDescriptors(undefined, {
      a: descriptor(['monitor']),
      b: descriptor(['x']),
      c: descriptor(['y']),
    });

    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/\[x\]/);
    expect(errors[1]).toMatch(/\[y\]/);
  });
});

describe('a caller-chosen id', () => {
  const MESSAGE = ['api key id must be 1 to 64 characters of [A-Za-z0-9_-]'];

  it.each([[undefined], ['a'], ['x'.repeat(64)], ['AZaz09_-'], ['VuaCfGcBCdbkQm-e5aOx']])(
    'accepts %j',
    (id) => {
      expect(validateChosenId(id)).toEqual([]);
    },
  );

  it.each([
    [''],
    ['x'.repeat(65)],
    ['a:b'],
    ['a/b'],
    ['a@b'],
    ['a[b'],
    ['a`b'],
    ['a{b'],
    ['a.b'],
    ['a b'],
    ['é'],
    ['😀'],
  ])('rejects %j', (id) => {
    expect(validateChosenId(id)).toEqual(MESSAGE);
  });
});

describe('get request (GetApiKeyRequest.validate)', () => {
  const BY_ID =
    'username or realm name must not be specified when the api key id or api key name is specified';
  const OWNED = 'neither username nor realm-name may be specified when retrieving owned API keys';
  const ONE = 'only one of [api key id, api key name] can be specified';

  it.each([
    [{ owner: false }, []],
    [{ owner: true }, []],
    [{ owner: false, id: 'k' }, []],
    [{ owner: false, name: 'n' }, []],
    [{ owner: false, username: 'u', realmName: 'r' }, []],
    [{ owner: false, id: 'k', username: 'u' }, [BY_ID]],
    [{ owner: false, name: 'n', realmName: 'r' }, [BY_ID]],
    [{ owner: false, id: 'k', username: '' }, []],
    [{ owner: true, username: 'u' }, [OWNED]],
    [{ owner: true, realmName: 'r' }, [OWNED]],
    [{ owner: false, id: 'k', name: 'n' }, [ONE]],
    [{ owner: true, id: 'k', name: 'n', username: 'u' }, [BY_ID, OWNED, ONE]],
  ])('%j gives %j', (query, errors) => {
    expect(validateGetRequest(query)).toEqual(errors);
  });
});

describe('invalidate request (InvalidateApiKeyRequest.validate)', () => {
  const NOTHING =
    'One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag is false';
  const BY_ID =
    'username or realm name must not be specified when the api key id(s) or api key name are specified';
  const OWNED = 'neither username nor realm-name may be specified when invalidating owned API keys';
  const ONE = 'only one of [api key id(s), api key name] can be specified';

  it.each([
    [{ owner: false }, [NOTHING]],
    [{ owner: false, username: '' }, [NOTHING]],
    [{ owner: true }, []],
    [{ owner: false, ids: ['k'] }, []],
    [{ owner: false, name: 'n' }, []],
    [{ owner: false, username: 'u' }, []],
    [{ owner: false, realmName: 'r' }, []],
    [{ owner: false, ids: ['k'], username: 'u' }, [BY_ID]],
    [{ owner: false, name: 'n', realmName: 'r' }, [BY_ID]],
    [{ owner: true, username: 'u' }, [OWNED]],
    [{ owner: true, realmName: 'r' }, [OWNED]],
    [{ owner: false, ids: ['k'], name: 'n' }, [ONE]],
    [{ owner: true, ids: ['k'], name: 'n', realmName: 'r' }, [BY_ID, OWNED, ONE]],
  ])('%j gives %j', (command, errors) => {
    expect(validateInvalidateRequest(command)).toEqual(errors);
  });
});
