import { inject } from 'vitest';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as roles } from '../../functions/handlers/roles.js';
import { handler as users } from '../../functions/handlers/users.js';
import { basicAuth, invoke } from './events.js';
import { createTestTables } from './tables.js';

export const ELASTIC_PASSWORD = 'test-elastic-password';
export const ELASTIC = basicAuth('elastic', ELASTIC_PASSWORD);

/**
 * Points the real handlers at fresh tables on DynamoDB Local. Call in `beforeAll`, before the
 * first handler invocation: the container reads its configuration on first use.
 */
export async function useHandlerEnvironment(): Promise<void> {
  const tables = await createTestTables();
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: inject('ddbEndpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    API_KEYS_TABLE: tables.apiKeys,
    USERS_TABLE: tables.users,
    ROLES_TABLE: tables.roles,
    ELASTIC_PASSWORD,
    API_KEY_HASHING_ALGORITHM: 'bcrypt4',
    PASSWORD_HASHING_ALGORITHM: 'bcrypt4',
    // DynamoDB Local on a loaded test machine can take seconds; the stalled-store tests use the defaults.
    DYNAMODB_REQUEST_TIMEOUT: '8s',
  });
}

let sequence = 0;

/** A unique name per call, so tests in one file never see each other's users, roles or keys. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}-${sequence}`;
}

export async function putRole(name: string, descriptor: Record<string, unknown>): Promise<void> {
  const response = await invoke(roles, {
    method: 'PUT',
    path: `/_security/role/${name}`,
    pathParameters: { name },
    headers: ELASTIC,
    body: descriptor,
  });
  if (response.status !== 200) {
    throw new Error(`put role failed: ${response.raw}`);
  }
}

/** Creates a native user holding one fresh role with the given cluster privileges. */
export async function userWith(
  cluster: string[],
  extra: Record<string, unknown> = {},
): Promise<{ username: string; password: string; auth: Record<string, string> }> {
  const username = unique('user');
  const role = unique('role');
  const password = `${username}-password`;
  await putRole(role, { cluster, ...extra });
  const response = await invoke(users, {
    method: 'PUT',
    path: `/_security/user/${username}`,
    pathParameters: { username },
    headers: ELASTIC,
    body: { password, roles: [role] },
  });
  if (response.status !== 200) {
    throw new Error(`put user failed: ${response.raw}`);
  }
  return { username, password, auth: basicAuth(username, password) };
}

export interface CreatedKey {
  id: string;
  name: string;
  api_key: string;
  encoded: string;
  expiration?: number;
}

export async function createKey(
  auth: Record<string, string>,
  body: Record<string, unknown> = {},
): Promise<CreatedKey> {
  const response = await invoke(createApiKey, {
    method: 'POST',
    path: '/_security/api_key',
    headers: auth,
    body: { name: unique('key'), ...body },
  });
  if (response.status !== 200) {
    throw new Error(`create api key failed: ${response.raw}`);
  }
  return response.body as CreatedKey;
}
