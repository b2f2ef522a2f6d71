import { describe, expect, it } from 'vitest';
import {
  Action,
  CLUSTER_PRIVILEGES,
  grantsClusterAction,
  INDEX_PRIVILEGES,
  validateClusterPrivilege,
  validateIndexPrivilege,
} from '../../../../functions/core/security/privilege-names.js';

describe('cluster and index privilege names', () => {
  it.each([
    ['manage_api_key', Action.createApiKey],
    ['manage_api_key', Action.invalidateApiKey],
    ['manage_security', Action.putUser],
    ['manage_security', Action.grantApiKey],
    ['all', Action.deleteRole],
    ['read_security', Action.getApiKey],
    ['read_security', Action.queryApiKey],
    ['read_security', Action.getUsers],
    ['read_security', Action.getRoles],
    ['grant_api_key', Action.grantApiKey],
    ['cluster:admin/xpack/security/api_key/*', Action.getApiKey],
    ['cluster:admin/xpack/security/api_key/create', Action.createApiKey],
  ])('%s grants %s', (privilege, action) => {
    const granted = grantsClusterAction([privilege], action);

    expect(granted).toBe(true);
  });

  it.each([
    ['read_security', Action.invalidateApiKey],
    ['read_security', Action.createApiKey],
    ['read_security', Action.putUser],
    ['manage', Action.createApiKey],
    ['manage', Action.putRole],
    ['monitor', Action.getApiKey],
    ['manage_api_key', Action.putUser],
    ['grant_api_key', Action.createApiKey],
    ['manage_own_api_key', Action.createApiKey],
    ['none', Action.getApiKey],
    ['manage_ml', Action.getApiKey],
    ['no_such_privilege', Action.getApiKey],
    ['cluster:admin/xpack/security/user/*', Action.getApiKey],
  ])('%s does not grant %s outright', (privilege, action) => {
    const granted = grantsClusterAction([privilege], action);

    expect(granted).toBe(false);
  });

  it('accepts every predefined cluster privilege name and any cluster: action pattern', () => {
    const names = [...CLUSTER_PRIVILEGES.keys(), 'cluster:admin/xpack/security/api_key/*'];

    const errors = names.map(validateClusterPrivilege);

    expect(errors.every((error) => error === undefined)).toBe(true);
  });

  it("rejects an unknown cluster privilege with ES's unknown cluster privilege message", () => {
    const error = validateClusterPrivilege('foo');

    expect(error).toMatch(
      /^unknown cluster privilege \[foo\]\. a privilege must be either one of the predefined cluster privilege names \[.+\] or a pattern over one of the available cluster actions$/,
    );
    expect(error).toContain('manage_own_api_key');
  });

  it('lists the cluster privilege names comma-delimited without spaces, as Strings.collectionToCommaDelimitedString does', () => {
    const error = validateClusterPrivilege('foo') ?? '';

    const list = /names \[(.*)\] or a pattern/.exec(error)?.[1] ?? '';

    expect(list).not.toContain(' ');
    expect(list.split(',')).toContain('manage_api_key');
  });

  it('accepts every predefined index privilege name and any indices: action pattern', () => {
    const names = [...INDEX_PRIVILEGES, 'indices:data/read/*'];

    const errors = names.map(validateIndexPrivilege);

    expect(errors.every((error) => error === undefined)).toBe(true);
  });

  it('rejects an unknown index privilege listing the predefined names sorted and comma-delimited', () => {
    const error = validateIndexPrivilege('reed');

    expect(error).toBe(
      `unknown index privilege [reed]. a privilege must be either one of the predefined fixed indices privileges [${[...INDEX_PRIVILEGES].sort().join(',')}] or a pattern over one of the available index actions`,
    );
    expect(error).toContain('[all,auto_configure,create,');
  });
});

describe('action names as privileges', () => {
  it('reads a held cluster action name as that action and every action under it, as ES', () => {
    const held = ['cluster:admin/xpack/security/api_key'];

    expect(grantsClusterAction(held, Action.createApiKey)).toBe(true);
    expect(grantsClusterAction(held, Action.putUser)).toBe(false);
  });

  it.each([['xcluster:monitor/main'], ['cluster:monitor/main extra'], ['cluster:']])(
    'rejects the cluster privilege %j',
    (privilege) => {
      expect(validateClusterPrivilege(privilege)).toMatch(/^unknown cluster privilege/);
    },
  );

  it.each([['xindices:data/read/search'], ['indices:data/read/search extra'], ['indices:']])(
    'rejects the index privilege %j',
    (privilege) => {
      expect(validateIndexPrivilege(privilege)).toMatch(/^unknown index privilege/);
    },
  );
});
