import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../functions/config.js';
import { buildServices, type Services } from '../functions/container.js';
import type { RealmAuthentication } from '../functions/core/security/authentication.js';
import { LOCAL_CLIENT_CONFIG } from '../infra/local/dynamodb-local.js';
import { ensureTables, type TableNames } from '../infra/local/ensure-tables.js';

export const ELASTIC_PASSWORD = 'bench-elastic-password';

/** Environment for the service against the bench's DynamoDB Local, with dummy credentials only. */
export function benchEnv(endpoint: string, tables: TableNames, extra: Record<string, string> = {}) {
  return {
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: LOCAL_CLIENT_CONFIG.region,
    AWS_ACCESS_KEY_ID: LOCAL_CLIENT_CONFIG.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CLIENT_CONFIG.credentials.secretAccessKey,
    API_KEYS_TABLE: tables.apiKeys,
    USERS_TABLE: tables.users,
    ROLES_TABLE: tables.roles,
    ELASTIC_PASSWORD,
    ...extra,
  };
}

export async function createTables(endpoint: string, prefix: string): Promise<TableNames> {
  const names: TableNames = {
    apiKeys: `${prefix}-api-keys`,
    users: `${prefix}-users`,
    roles: `${prefix}-roles`,
  };
  const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
  try {
    await ensureTables(client, names);
  } finally {
    client.destroy();
  }
  return names;
}

export function services(env: Record<string, string>): Services {
  return buildServices(loadConfig(env));
}

export async function elastic(instance: Services): Promise<RealmAuthentication> {
  return instance.users.authenticate('elastic', ELASTIC_PASSWORD, 'REST request [/]');
}
