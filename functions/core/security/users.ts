import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticationFailed, illegalArgument, validationFailed } from '../errors.js';
import type { StoredUser, UserStore } from '../ports.js';
import {
  type Authentication,
  NATIVE_REALM,
  RESERVED_REALM,
  type RealmAuthentication,
  type User,
} from './authentication.js';
import { type HashAlgorithm, hashSecret, verifySecret } from './hashing.js';
import { invalidNameMessage, isValidSecurityName } from './names.js';
import { Action } from './privilege-names.js';
import { requireAction } from './privileges.js';
import type { RoleService } from './roles.js';
import type { VerifiedCredentialCache } from './verified-credential-cache.js';

export const ELASTIC_USER: User = {
  username: 'elastic',
  roles: ['superuser'],
  full_name: null,
  email: null,
  metadata: { _reserved: true },
  enabled: true,
};

export interface PutUserCommand {
  username: string;
  password?: string;
  roles?: string[];
  full_name?: string | null;
  email?: string | null;
  metadata?: Record<string, unknown>;
  enabled?: boolean;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function toUser(stored: StoredUser): User {
  return {
    username: stored.username,
    roles: stored.roles,
    full_name: stored.full_name,
    email: stored.email,
    metadata: stored.metadata,
    enabled: stored.enabled,
  };
}

/** The reserved `elastic` superuser and the native realm's users (Basic credentials). */
export class UserService {
  constructor(
    private readonly store: UserStore,
    private readonly roles: RoleService,
    private readonly passwordHashing: HashAlgorithm,
    private readonly verified: VerifiedCredentialCache,
    /** The `elastic` password, or undefined when none is configured (then it cannot log in). */
    private readonly elasticPassword: () => Promise<string | undefined>,
  ) {}

  /**
   * Authenticates a username and password; any failure is ES's 401 naming the user and `target`
   * (`REST request [uri]`, or `action [name]` for credentials inside a request body).
   */
  async authenticate(
    username: string,
    password: string,
    target: string,
  ): Promise<RealmAuthentication> {
    const failed = () =>
      authenticationFailed(`unable to authenticate user [${username}] for ${target}`);
    if (username === ELASTIC_USER.username) {
      const expected = await this.elasticPassword();
      if (expected === undefined || !timingSafeEqual(digest(expected), digest(password))) {
        throw failed();
      }
      return this.authenticated(ELASTIC_USER, RESERVED_REALM);
    }
    const stored = await this.store.get(username);
    if (!stored?.enabled || !(await this.verify(stored, password))) {
      throw failed();
    }
    return this.authenticated(toUser(stored), NATIVE_REALM);
  }

  /** The user as run-as resolves it, without credentials; undefined when unknown or disabled. */
  async lookup(username: string): Promise<RealmAuthentication | undefined> {
    if (username === ELASTIC_USER.username) {
      return this.authenticated(ELASTIC_USER, RESERVED_REALM);
    }
    const stored = await this.store.get(username);
    return stored?.enabled ? this.authenticated(toUser(stored), NATIVE_REALM) : undefined;
  }

  private async verify(stored: StoredUser, password: string): Promise<boolean> {
    const cacheId = `user:${stored.username}`;
    if (this.verified.matches(cacheId, stored.password_hash, password)) {
      return true;
    }
    const ok = await verifySecret(password, stored.password_hash);
    if (ok) {
      this.verified.remember(cacheId, stored.password_hash, password);
    }
    return ok;
  }

  private async authenticated(user: User, realm: RealmAuthentication['realm']) {
    return {
      type: 'realm' as const,
      user,
      realm,
      roleDescriptors: await this.roles.resolve(user.roles),
    };
  }

  async put(
    authentication: Authentication,
    command: PutUserCommand,
  ): Promise<{ created: boolean }> {
    requireAction(authentication, Action.putUser);
    const { username } = command;
    const errors: string[] = [];
    if (username === ELASTIC_USER.username) {
      errors.push(`user [${username}] is reserved and only the password can be changed`);
    } else if (!isValidSecurityName(username)) {
      errors.push(invalidNameMessage('User'));
    }
    for (const role of command.roles ?? []) {
      if (!isValidSecurityName(role)) {
        errors.push(invalidNameMessage('Role'));
        break;
      }
    }
    if (command.password !== undefined && command.password.length < 6) {
      errors.push('passwords must be at least [6] characters long');
    }
    if (Object.keys(command.metadata ?? {}).some((key) => key.startsWith('_'))) {
      errors.push('metadata keys may not start with [_]');
    }
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    const existing = await this.store.get(username);
    if (!existing && command.password === undefined) {
      throw validationFailed([
        'password must be specified unless you are updating an existing user',
      ]);
    }
    const passwordHash =
      command.password === undefined
        ? (existing as StoredUser).password_hash
        : await hashSecret(command.password, this.passwordHashing);
    const created = await this.store.put({
      username,
      password_hash: passwordHash,
      roles: command.roles ?? [],
      full_name: command.full_name ?? null,
      email: command.email ?? null,
      metadata: command.metadata ?? {},
      enabled: command.enabled ?? true,
    });
    this.verified.evict([`user:${username}`]);
    return { created };
  }

  /** `usernames` empty means every user; undefined when named users were all missing (ES: 404 `{}`). */
  async get(
    authentication: Authentication,
    usernames: readonly string[],
  ): Promise<Record<string, User> | undefined> {
    requireAction(authentication, Action.getUsers);
    let users: User[];
    if (usernames.length === 0) {
      const stored = await this.store.list();
      users = [
        ELASTIC_USER,
        ...stored.map(toUser).sort((a, b) => a.username.localeCompare(b.username)),
      ];
    } else {
      users = [];
      for (const username of new Set(usernames)) {
        if (username === ELASTIC_USER.username) {
          users.push(ELASTIC_USER);
          continue;
        }
        const stored = await this.store.get(username);
        if (stored) {
          users.push(toUser(stored));
        }
      }
      if (users.length === 0) {
        return undefined;
      }
    }
    return Object.fromEntries(users.map((user) => [user.username, user]));
  }

  async delete(authentication: Authentication, username: string): Promise<boolean> {
    requireAction(authentication, Action.deleteUser);
    if (username === ELASTIC_USER.username) {
      throw illegalArgument(`user [${username}] is reserved and cannot be deleted`);
    }
    const found = await this.store.delete(username);
    this.verified.evict([`user:${username}`]);
    return found;
  }
}
