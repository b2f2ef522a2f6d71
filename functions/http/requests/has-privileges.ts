import { parseException, validationFailed } from '../../core/errors.js';
import { isJsonObject, jsonTokenName } from '../../core/json-token.js';
import type { PrivilegesToCheck } from '../../core/security/has-privileges.js';
import { stringList } from '../../core/security/role-descriptor.js';
import type { JsonValue, LocatedJson } from '../json-with-locations.js';

/**
 * The has_privileges body, parsed as ES's RoleDescriptor.parsePrivilegesToCheck: hand-written,
 * so its errors are `parse_exception`s naming `<user>/has_privileges`.
 */
export function parseHasPrivileges(
  body: LocatedJson | undefined,
  username: string,
): PrivilegesToCheck {
  if (body === undefined) {
    throw parseException('request body or source parameter is required');
  }
  const role = `${username}/has_privileges`;
  const check = `failed to parse privileges check [${role}]`;
  const value = body.value;
  if (!isJsonObject(value)) {
    throw parseException(
      `${check}. expected an object but found [${jsonTokenName(value)}] instead`,
    );
  }
  const request: PrivilegesToCheck = { cluster: [], index: [], application: [] };
  let present = false;
  for (const [field, item] of Object.entries(value)) {
    const wrongType = (expected: string): never => {
      throw parseException(
        `${check}. expected field [${field}] value to be ${expected} but found [${jsonTokenName(item)}] instead`,
      );
    };
    if (field === 'cluster') {
      present = true;
      request.cluster =
        item === null ? [] : stringList(item, () => wrongType('an array of strings'));
    } else if (field === 'index') {
      present = true;
      if (!Array.isArray(item)) {
        wrongType('an array');
      }
      request.index = (item as JsonValue[]).map((entry) => parseIndexEntry(role, entry));
    } else if (field === 'application' || field === 'applications') {
      present = true;
      if (!Array.isArray(item)) {
        wrongType('an array');
      }
      request.application = (item as JsonValue[]).map((entry) =>
        parseApplicationEntry(role, entry),
      );
    } else {
      throw parseException(`${check}. unexpected field [${field}]`);
    }
  }
  if (!present) {
    throw parseException(`${check}. All privilege fields [cluster,index,applications] are missing`);
  }
  if (request.cluster.length + request.index.length + request.application.length === 0) {
    throw validationFailed(['must specify at least one privilege']);
  }
  return request;
}

function parseIndexEntry(role: string, entry: JsonValue): PrivilegesToCheck['index'][number] {
  const prefix = `failed to parse indices privileges for role [${role}]`;
  if (!isJsonObject(entry)) {
    throw parseException(`${prefix}. expected field [index] value to be an array of objects`);
  }
  let names: string[] | undefined;
  let privileges: string[] | undefined;
  for (const [field, value] of Object.entries(entry)) {
    const fail = (): never => {
      throw parseException(
        `${prefix}. expected field [${field}] value to be a string or an array of strings, but found [${jsonTokenName(value)}] instead`,
      );
    };
    if (field === 'names') {
      names = stringList(value, fail);
      if (names.length === 0) {
        throw parseException(`${prefix}. [names] cannot be an empty array`);
      }
    } else if (field === 'privileges') {
      privileges = stringList(value, fail);
    } else if (field === 'allow_restricted_indices') {
      if (typeof value !== 'boolean') {
        throw parseException(`${prefix}. expected field [${field}] value to be a boolean`);
      }
    } else if (field === 'query' || field === 'field_security') {
      throw parseException(`Field [${field}] is not supported in a has_privileges request`);
    } else {
      throw parseException(`${prefix}. unexpected field [${field}]`);
    }
  }
  if (names === undefined) {
    throw parseException(`${prefix}. missing required [names] field`);
  }
  if (privileges === undefined) {
    throw parseException(`${prefix}. missing required [privileges] field`);
  }
  return { names, privileges };
}

function parseApplicationEntry(
  role: string,
  entry: JsonValue,
): PrivilegesToCheck['application'][number] {
  const prefix = `failed to parse application privileges for role [${role}]`;
  if (!isJsonObject(entry)) {
    throw parseException(`${prefix}. expected an object`);
  }
  const fields: Record<string, string[] | string | undefined> = {};
  for (const [field, value] of Object.entries(entry)) {
    if (field === 'application') {
      if (typeof value !== 'string') {
        throw parseException(`${prefix}. expected field [application] value to be a string`);
      }
      fields['application'] = value;
    } else if (field === 'privileges' || field === 'resources') {
      fields[field] = stringList(value, () => {
        throw parseException(
          `${prefix}. expected field [${field}] value to be an array of strings`,
        );
      });
    } else {
      throw parseException(`${prefix}. unexpected field [${field}]`);
    }
  }
  for (const required of ['application', 'privileges', 'resources']) {
    if (fields[required] === undefined) {
      throw parseException(`${prefix}. missing required [${required}] field`);
    }
  }
  return {
    application: fields['application'] as string,
    privileges: fields['privileges'] as string[],
    resources: fields['resources'] as string[],
  };
}
