import { compactJson, parseJsonText } from '../core/json-text.js';
import { isJsonObject } from '../core/json-token.js';
import type {
  ApplicationPrivileges,
  IndicesPrivileges,
  RoleDescriptor,
  RoleDescriptors,
} from '../core/security/role-descriptor.js';

type Item = Record<string, unknown>;

/** Thrown by a reader when a field is missing or of the wrong type. */
export type Fail = (detail: string) => never;

/**
 * JSON values DynamoDB cannot hold as-is (numbers beyond its precision, keys such as
 * `constructor` or `__proto__`, nesting past 32) are stored as JSON text, which round-trips
 * them exactly. Items written before kept them as maps: both are read.
 */
export function encodeJson(value: unknown): string {
  return compactJson(value);
}

function decodeJson(value: unknown, field: string, fail: Fail): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return parseJsonText(value);
  } catch {
    return fail(`[${field}] is not JSON text`);
  }
}

export function string(item: Item, field: string, fail: Fail): string {
  const value = item[field];
  return typeof value === 'string' ? value : fail(`[${field}] is not a string`);
}

export function nullableString(item: Item, field: string, fail: Fail): string | null {
  const value = item[field];
  return value === null || value === undefined ? null : string(item, field, fail);
}

export function number(item: Item, field: string, fail: Fail): number {
  const value = item[field];
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : fail(`[${field}] is not a number`);
}

export function optionalNumber(item: Item, field: string, fail: Fail): number | undefined {
  return item[field] === undefined ? undefined : number(item, field, fail);
}

export function boolean(item: Item, field: string, fail: Fail): boolean {
  const value = item[field];
  return typeof value === 'boolean' ? value : fail(`[${field}] is not a boolean`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

export function stringArray(item: Item, field: string, fail: Fail): string[] {
  const value = item[field];
  return isStringArray(value) ? value : fail(`[${field}] is not a list of strings`);
}

/** A JSON object field, as text or as an old-style map. */
export function jsonObject(item: Item, field: string, fail: Fail): Record<string, unknown> {
  const value = decodeJson(item[field], field, fail);
  return isJsonObject(value) ? value : fail(`[${field}] is not an object`);
}

function isIndices(value: unknown): value is IndicesPrivileges {
  return (
    isJsonObject(value) &&
    isStringArray(value['names']) &&
    isStringArray(value['privileges']) &&
    typeof value['allow_restricted_indices'] === 'boolean' &&
    (value['field_security'] === undefined || isJsonObject(value['field_security']))
  );
}

function isApplication(value: unknown): value is ApplicationPrivileges {
  return (
    isJsonObject(value) &&
    typeof value['application'] === 'string' &&
    isStringArray(value['privileges']) &&
    isStringArray(value['resources'])
  );
}

function isRestriction(value: unknown): boolean {
  return isJsonObject(value) && isStringArray(value['workflows']);
}

/** Role descriptors back security decisions: every field they are read by is checked. */
export function isRoleDescriptor(value: unknown): value is RoleDescriptor {
  return (
    isJsonObject(value) &&
    isStringArray(value['cluster']) &&
    isStringArray(value['run_as']) &&
    Array.isArray(value['indices']) &&
    value['indices'].every(isIndices) &&
    Array.isArray(value['applications']) &&
    value['applications'].every(isApplication) &&
    isJsonObject(value['metadata']) &&
    (value['global'] === undefined || isJsonObject(value['global'])) &&
    (value['restriction'] === undefined || isRestriction(value['restriction'])) &&
    (value['description'] === undefined || typeof value['description'] === 'string')
  );
}

export function roleDescriptor(item: Item, field: string, fail: Fail): RoleDescriptor {
  const value = decodeJson(item[field], field, fail);
  return isRoleDescriptor(value) ? value : fail(`[${field}] is not a role descriptor`);
}

export function roleDescriptors(item: Item, field: string, fail: Fail): RoleDescriptors {
  const value = jsonObject(item, field, fail);
  return Object.values(value).every(isRoleDescriptor)
    ? (value as RoleDescriptors)
    : fail(`[${field}] holds a value that is not a role descriptor`);
}
