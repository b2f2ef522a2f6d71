import type { GrantApiKeyCommand } from '../api-keys/api-key-grants.js';
import type { CreateApiKeyCommand, InvalidateApiKeysCommand } from '../api-keys/api-key-service.js';
import type { UpdateApiKeyCommand } from '../api-keys/api-key-updates.js';
import type { RoleDescriptor, RoleDescriptors } from '../security/role-descriptor.js';
import type { PutUserCommand } from '../security/users.js';

/**
 * A `security_config_change` event's action and its one nested object (`create`, `change`,
 * `invalidate`, `put` or `delete`), shaped as ES's LoggingAuditTrail writes it. Secrets,
 * passwords and hashes never enter it: only `has_password`.
 */
export type ConfigChange =
  | { action: 'create_apikey'; create: Record<string, unknown> }
  | { action: 'change_apikey' | 'change_apikeys'; change: Record<string, unknown> }
  | { action: 'invalidate_apikeys'; invalidate: Record<string, unknown> }
  | { action: 'put_user' | 'put_role'; put: Record<string, unknown> }
  | { action: 'delete_user' | 'delete_role'; delete: Record<string, unknown> };

const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
  [1, 'ms'],
];

/**
 * ES's `TimeValue.toString()`: the largest unit the value reaches, one decimal kept (cut, not
 * rounded) unless it is zero. `30d` → `30d`, `36h` → `1.5d`, `24h` → `1d`.
 */
export function timeValueString(millis: number): string {
  const [unit, suffix] = UNITS.find(([size]) => millis >= size) ?? [0, ''];
  if (unit === 0) {
    return '0s';
  }
  const [whole, fraction = ''] = String(millis / unit).split('.');
  const tenth = fraction.slice(0, 1);
  return `${whole}${tenth === '' || tenth === '0' ? '' : `.${tenth}`}${suffix}`;
}

function nonEmpty(value: Record<string, unknown> | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}

/** ES's `withRoleDescriptor`: the descriptor without its name, empty optional parts left out. */
function descriptor(role: RoleDescriptor): Record<string, unknown> {
  return {
    cluster: role.cluster,
    ...(nonEmpty(role.global) ? { global: role.global } : {}),
    indices: role.indices.map((entry) => ({
      names: entry.names,
      privileges: entry.privileges,
      ...(entry.field_security === undefined
        ? {}
        : {
            field_security: {
              grant: entry.field_security.grant ?? ['*'],
              ...(entry.field_security.except?.length
                ? { except: entry.field_security.except }
                : {}),
            },
          }),
      ...(entry.query === undefined
        ? {}
        : { query: typeof entry.query === 'string' ? entry.query : JSON.stringify(entry.query) }),
      ...(entry.allow_restricted_indices ? { allow_restricted_indices: true } : {}),
    })),
    applications: role.applications.map(({ application, privileges, resources }) => ({
      application,
      privileges,
      resources,
    })),
    run_as: role.run_as,
    ...(nonEmpty(role.metadata) ? { metadata: role.metadata } : {}),
  };
}

function descriptors(roles: RoleDescriptors | undefined): Record<string, unknown>[] {
  return Object.values(roles ?? {}).map(descriptor);
}

function expiration(millis: number | undefined): string | null {
  return millis === undefined ? null : timeValueString(millis);
}

/** The `apikey` object of a create or grant; `id` only when the caller chose it. */
function newApiKey(command: CreateApiKeyCommand | undefined): Record<string, unknown> {
  return {
    ...(command?.id === undefined ? {} : { id: command.id }),
    name: command?.name ?? null,
    type: 'rest',
    expiration: expiration(command?.expirationMillis),
    role_descriptors: descriptors(command?.roleDescriptors),
    ...(nonEmpty(command?.metadata) ? { metadata: command?.metadata } : {}),
  };
}

/** The fields an update sets: what it names, metadata even when empty (it replaces the old). */
function updatedFields(command: UpdateApiKeyCommand): Record<string, unknown> {
  return {
    type: 'rest',
    ...(command.roleDescriptors === undefined
      ? {}
      : { role_descriptors: descriptors(command.roleDescriptors) }),
    ...(command.metadata === undefined ? {} : { metadata: command.metadata }),
    expiration: expiration(command.expirationMillis),
  };
}

export function createApiKeyChange(command: CreateApiKeyCommand): ConfigChange {
  return { action: 'create_apikey', create: { apikey: newApiKey(command) } };
}

export function grantApiKeyChange(command: GrantApiKeyCommand): ConfigChange {
  return {
    action: 'create_apikey',
    create: {
      apikey: newApiKey(command.apiKey),
      grant: {
        type: command.grantType ?? null,
        ...(command.username === undefined
          ? {}
          : { user: { name: command.username, has_password: command.password !== undefined } }),
        ...(command.accessToken === undefined ? {} : { has_access_token: true }),
        ...(command.runAs === undefined ? {} : { run_as: command.runAs }),
      },
    },
  };
}

export function updateApiKeyChange(id: string, command: UpdateApiKeyCommand): ConfigChange {
  return { action: 'change_apikey', change: { apikey: { id, ...updatedFields(command) } } };
}

export function bulkUpdateApiKeysChange(
  ids: readonly string[],
  command: UpdateApiKeyCommand,
): ConfigChange {
  return { action: 'change_apikeys', change: { apikeys: { ids, ...updatedFields(command) } } };
}

export function invalidateApiKeysChange(command: InvalidateApiKeysCommand): ConfigChange {
  const { ids, name, username, realmName, owner } = command;
  return {
    action: 'invalidate_apikeys',
    invalidate: {
      apikeys: {
        ...(ids?.length ? { ids } : {}),
        ...(name ? { name } : {}),
        owned_by_authenticated_user: owner,
        ...(username || realmName
          ? { user: { name: username ?? null, realm: realmName ?? null } }
          : {}),
      },
    },
  };
}

export function putUserChange(command: PutUserCommand): ConfigChange {
  return {
    action: 'put_user',
    put: {
      user: {
        name: command.username,
        enabled: command.enabled ?? true,
        roles: command.roles ?? [],
        ...(command.full_name ? { full_name: command.full_name } : {}),
        ...(command.email ? { email: command.email } : {}),
        has_password: command.password !== undefined,
        ...(nonEmpty(command.metadata) ? { metadata: command.metadata } : {}),
      },
    },
  };
}

export function deleteUserChange(username: string): ConfigChange {
  return { action: 'delete_user', delete: { user: { name: username } } };
}

export function putRoleChange(name: string, role: RoleDescriptor): ConfigChange {
  return { action: 'put_role', put: { role: { name, role_descriptor: descriptor(role) } } };
}

export function deleteRoleChange(name: string): ConfigChange {
  return { action: 'delete_role', delete: { role: { name } } };
}
