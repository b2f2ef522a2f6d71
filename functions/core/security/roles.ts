import { illegalArgument, validationFailed } from '../errors.js';
import type { RoleStore } from '../ports.js';
import type { Authentication } from './authentication.js';
import { invalidNameMessage, isValidSecurityName } from './names.js';
import { Action } from './privilege-names.js';
import { requireAction } from './privileges.js';
import {
  type RoleDescriptor,
  type RoleDescriptors,
  roleDescriptorToJson,
  SUPERUSER_ROLE,
  validateRoleDescriptor,
} from './role-descriptor.js';

/** Built-in roles, which cannot be created, changed or deleted through the API. */
export const RESERVED_ROLES: ReadonlyMap<string, RoleDescriptor> = new Map([
  ['superuser', SUPERUSER_ROLE],
]);

/** The native realm's roles plus the reserved ones. */
export class RoleService {
  constructor(private readonly store: RoleStore) {}

  /** Role names → descriptors; unknown names are skipped, as ES resolves effective roles. */
  async resolve(names: readonly string[]): Promise<RoleDescriptors> {
    // A Map, then own properties: role names are user-chosen (`__proto__`, `constructor`).
    const resolved = new Map<string, RoleDescriptor>();
    const stored = names.filter((name) => !RESERVED_ROLES.has(name));
    for (const name of names) {
      const reserved = RESERVED_ROLES.get(name);
      if (reserved) {
        resolved.set(name, reserved);
      }
    }
    for (const role of await this.store.getMany([...new Set(stored)])) {
      resolved.set(role.name, role.descriptor);
    }
    return Object.fromEntries(resolved);
  }

  async put(
    authentication: Authentication,
    name: string,
    descriptor: RoleDescriptor,
  ): Promise<{ role: { created: boolean } }> {
    requireAction(authentication, Action.putRole);
    const errors = isValidSecurityName(name) ? [] : [invalidNameMessage('Role')];
    errors.push(...validateRoleDescriptor(descriptor));
    if (RESERVED_ROLES.has(name)) {
      errors.push(`Role [${name}] is reserved and may not be used.`);
    }
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    return { role: { created: await this.store.put({ name, descriptor }) } };
  }

  /** `names` empty means every role; returns undefined when named roles were all missing (ES: 404 `{}`). */
  async get(
    authentication: Authentication,
    names: readonly string[],
  ): Promise<Record<string, unknown> | undefined> {
    requireAction(authentication, Action.getRoles);
    const roles =
      names.length === 0
        ? [
            ...[...RESERVED_ROLES].map(([name, descriptor]) => ({ name, descriptor })),
            ...(await this.store.list()).sort((a, b) => a.name.localeCompare(b.name)),
          ]
        : Object.entries(await this.resolve(names)).map(([name, descriptor]) => ({
            name,
            descriptor,
          }));
    if (names.length > 0 && roles.length === 0) {
      return undefined;
    }
    return Object.fromEntries(
      roles.map(({ name, descriptor }) => [name, roleDescriptorToJson(descriptor)]),
    );
  }

  async delete(authentication: Authentication, name: string): Promise<boolean> {
    requireAction(authentication, Action.deleteRole);
    if (RESERVED_ROLES.has(name)) {
      throw illegalArgument(`role [${name}] is reserved and cannot be deleted`);
    }
    return this.store.delete(name);
  }
}
