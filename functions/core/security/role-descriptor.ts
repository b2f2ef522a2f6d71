import { parseException } from '../errors.js';
import { isJsonObject, type Json, jsonTokenName } from '../json-token.js';
import { validateClusterPrivilege, validateIndexPrivilege } from './privilege-names.js';

export interface IndicesPrivileges {
  names: string[];
  privileges: string[];
  field_security?: { grant?: string[]; except?: string[] };
  query?: unknown;
  allow_restricted_indices: boolean;
}

export interface ApplicationPrivileges {
  application: string;
  privileges: string[];
  resources: string[];
}

/** A role descriptor, normalised as ES returns it (every list present, even when empty). */
export interface RoleDescriptor {
  cluster: string[];
  indices: IndicesPrivileges[];
  applications: ApplicationPrivileges[];
  run_as: string[];
  metadata: Record<string, unknown>;
  global?: Record<string, unknown>;
  restriction?: { workflows: string[] };
  description?: string;
}

export type RoleDescriptors = Record<string, RoleDescriptor>;

/** A string or an array of strings, as ES reads string-array fields; `fail` otherwise. */
export function stringList(value: Json, fail: () => never): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    return fail();
  }
  return value as string[];
}

const DESCRIPTOR_FIELDS = [
  'cluster',
  'indices',
  'index',
  'applications',
  'application',
  'run_as',
  'metadata',
  'transient_metadata',
  'global',
  'restriction',
  'description',
];

/**
 * Parses one role descriptor from request JSON, with ES's `failed to parse role [name]` messages
 * (400 parse_exception). `allowDescription` is false for API key descriptors, as in ES.
 */
export function parseRoleDescriptor(
  name: string,
  json: Json,
  options: { allowDescription: boolean } = { allowDescription: true },
): RoleDescriptor {
  if (!isJsonObject(json)) {
    throw parseException(
      `failed to parse role [${name}]. expected an object but found [${jsonTokenName(json)}] instead`,
    );
  }
  const descriptor: RoleDescriptor = {
    cluster: [],
    indices: [],
    applications: [],
    run_as: [],
    metadata: {},
  };
  for (const [field, value] of Object.entries(json)) {
    if (
      !DESCRIPTOR_FIELDS.includes(field) ||
      (field === 'description' && !options.allowDescription)
    ) {
      throw parseException(`failed to parse role [${name}]. unexpected field [${field}]`);
    }
    const wrongType = (expected: string): never => {
      throw parseException(
        `failed to parse role [${name}]. expected field [${field}] value to be ${expected}, but found [${jsonTokenName(value)}] instead`,
      );
    };
    switch (field) {
      case 'cluster':
        descriptor.cluster = stringList(value, () => wrongType('an array of strings'));
        break;
      case 'run_as':
        descriptor.run_as = stringList(value, () => wrongType('an array of strings'));
        break;
      case 'index':
      case 'indices':
        descriptor.indices = arrayOf(value, wrongType).map((entry) => parseIndices(name, entry));
        break;
      case 'application':
      case 'applications':
        descriptor.applications = arrayOf(value, wrongType).map((entry) =>
          parseApplication(name, entry),
        );
        break;
      case 'metadata':
        descriptor.metadata = isJsonObject(value) ? value : wrongType('an object');
        break;
      case 'global':
        if (!isJsonObject(value)) {
          wrongType('an object');
        } else if (Object.keys(value).length > 0) {
          descriptor.global = value;
        }
        break;
      case 'restriction':
        descriptor.restriction = parseRestriction(name, value);
        break;
      case 'description':
        descriptor.description = typeof value === 'string' ? value : wrongType('a string');
        break;
      default:
        // transient_metadata is output-only: ES ignores it on input.
        break;
    }
  }
  return descriptor;
}

function arrayOf(value: Json, wrongType: (expected: string) => never): Json[] {
  if (isJsonObject(value)) {
    return [value];
  }
  return Array.isArray(value) ? value : wrongType('an array of objects');
}

const INDICES_FIELDS = [
  'names',
  'privileges',
  'field_security',
  'query',
  'allow_restricted_indices',
];

function parseIndices(role: string, json: Json): IndicesPrivileges {
  const prefix = `failed to parse indices privileges for role [${role}].`;
  if (!isJsonObject(json)) {
    throw parseException(`${prefix} expected an object but found [${jsonTokenName(json)}] instead`);
  }
  for (const field of Object.keys(json)) {
    if (!INDICES_FIELDS.includes(field)) {
      throw parseException(`${prefix} unexpected field [${field}]`);
    }
  }
  const wrong = (field: string, expected: string): never => {
    throw parseException(
      `${prefix} expected field [${field}] value to be ${expected}, but found [${jsonTokenName(json[field])}] instead`,
    );
  };
  if (json['names'] === undefined) {
    throw parseException(`${prefix} missing required [names] field`);
  }
  if (json['privileges'] === undefined) {
    throw parseException(`${prefix} missing required [privileges] field`);
  }
  const entry: IndicesPrivileges = {
    names: stringList(json['names'], () => wrong('names', 'an array of strings')),
    privileges: stringList(json['privileges'], () => wrong('privileges', 'an array of strings')),
    allow_restricted_indices: false,
  };
  const allowRestricted = json['allow_restricted_indices'];
  if (allowRestricted !== undefined) {
    entry.allow_restricted_indices =
      typeof allowRestricted === 'boolean'
        ? allowRestricted
        : wrong('allow_restricted_indices', 'a boolean');
  }
  const fieldSecurity = json['field_security'];
  if (fieldSecurity !== undefined) {
    if (!isJsonObject(fieldSecurity)) {
      return wrong('field_security', 'an object');
    }
    const fs: { grant?: string[]; except?: string[] } = {};
    for (const [key, value] of Object.entries(fieldSecurity)) {
      if (key !== 'grant' && key !== 'except') {
        throw parseException(`${prefix} unexpected field [field_security.${key}]`);
      }
      fs[key] = stringList(value, () => wrong(`field_security.${key}`, 'an array of strings'));
    }
    entry.field_security = fs;
  }
  const query = json['query'];
  if (query !== undefined) {
    if (typeof query !== 'string' && !isJsonObject(query)) {
      return wrong('query', 'a string or an object');
    }
    entry.query = query;
  }
  return entry;
}

function parseApplication(role: string, json: Json): ApplicationPrivileges {
  const prefix = `failed to parse application privileges for role [${role}].`;
  if (!isJsonObject(json)) {
    throw parseException(`${prefix} expected an object but found [${jsonTokenName(json)}] instead`);
  }
  for (const field of Object.keys(json)) {
    if (!['application', 'privileges', 'resources'].includes(field)) {
      throw parseException(`${prefix} unexpected field [${field}]`);
    }
  }
  const required = (field: string): Json => {
    if (json[field] === undefined) {
      throw parseException(`${prefix} missing required [${field}] field`);
    }
    return json[field];
  };
  const wrong = (field: string): never => {
    throw parseException(
      `${prefix} expected field [${field}] value to be an array of strings, but found [${jsonTokenName(json[field])}] instead`,
    );
  };
  const application = required('application');
  if (typeof application !== 'string') {
    throw parseException(
      `${prefix} expected field [application] value to be a string, but found [${jsonTokenName(application)}] instead`,
    );
  }
  return {
    application,
    privileges: stringList(required('privileges'), () => wrong('privileges')),
    resources: stringList(required('resources'), () => wrong('resources')),
  };
}

function parseRestriction(role: string, json: Json): { workflows: string[] } {
  const prefix = `failed to parse restriction for role [${role}].`;
  if (!isJsonObject(json) || json['workflows'] === undefined) {
    throw parseException(`${prefix} missing required [workflows] field`);
  }
  const workflows = json['workflows'];
  if (!Array.isArray(workflows) || workflows.some((w) => typeof w !== 'string')) {
    throw parseException(`${prefix} expected field [workflows] value to be an array of strings`);
  }
  return { workflows: workflows as string[] };
}

/** RoleDescriptorRequestValidator: the messages ES joins into one `Validation Failed` reason. */
export function validateRoleDescriptor(descriptor: RoleDescriptor): string[] {
  const errors: string[] = [];
  for (const privilege of descriptor.cluster) {
    const error = validateClusterPrivilege(privilege);
    if (error) {
      errors.push(error);
    }
  }
  for (const entry of descriptor.indices) {
    if (entry.names.length === 0) {
      errors.push('indices privileges must refer to at least one index name or index name pattern');
    }
    if (entry.privileges.length === 0) {
      errors.push('indices privileges must define at least one privilege');
    }
    for (const privilege of entry.privileges) {
      const error = validateIndexPrivilege(privilege);
      if (error) {
        errors.push(error);
      }
    }
  }
  for (const app of descriptor.applications) {
    if (app.application.length === 0) {
      errors.push('application name must not be empty');
    }
    if (app.privileges.length === 0 || app.privileges.some((p) => p.trim() === '')) {
      errors.push(`application privileges for [${app.application}] must not be empty`);
    }
    if (app.resources.length === 0 || app.resources.some((r) => r === '')) {
      errors.push(`application resources for [${app.application}] must not be empty`);
    }
  }
  if (Object.keys(descriptor.metadata).some((key) => key.startsWith('_'))) {
    errors.push('role descriptor metadata keys may not start with [_]');
  }
  return errors;
}

/** The descriptor as ES prints it in get responses. */
export function roleDescriptorToJson(descriptor: RoleDescriptor): Record<string, unknown> {
  const json: Record<string, unknown> = {
    cluster: descriptor.cluster,
    indices: descriptor.indices,
    applications: descriptor.applications,
    run_as: descriptor.run_as,
    metadata: descriptor.metadata,
    transient_metadata: { enabled: true },
  };
  if (descriptor.global) {
    json['global'] = descriptor.global;
  }
  if (descriptor.restriction) {
    json['restriction'] = descriptor.restriction;
  }
  if (descriptor.description !== undefined) {
    json['description'] = descriptor.description;
  }
  return json;
}

export function roleDescriptorsToJson(descriptors: RoleDescriptors): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(descriptors).map(([name, d]) => [name, roleDescriptorToJson(d)]),
  );
}

/**
 * True when the descriptor is empty as ES's `RoleDescriptor.isEmpty` means it, which is what ES
 * requires of a derived key's descriptors: no privileges of any kind, and no metadata or
 * restriction either.
 */
export function grantsNothing(descriptor: RoleDescriptor): boolean {
  return (
    descriptor.cluster.length === 0 &&
    descriptor.indices.length === 0 &&
    descriptor.applications.length === 0 &&
    descriptor.run_as.length === 0 &&
    descriptor.global === undefined &&
    Object.keys(descriptor.metadata).length === 0 &&
    descriptor.restriction === undefined
  );
}

export const SUPERUSER_ROLE: RoleDescriptor = {
  cluster: ['all'],
  indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: true }],
  applications: [{ application: '*', privileges: ['*'], resources: ['*'] }],
  run_as: ['*'],
  metadata: { _reserved: true },
};
