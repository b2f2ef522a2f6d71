import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CLIENT_CONFIG } from '../../infra/local/dynamodb-local.js';
import { ensureTables, type TableNames } from '../../infra/local/ensure-tables.js';

const LOOPBACK_HOST = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;

/** A client for the run's DynamoDB Local; refuses anything but a loopback endpoint. */
export function testClient(): DynamoDBClient {
  const endpoint = inject('ddbEndpoint');
  assertLoopback(endpoint);
  return new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
}

/** Tests create and write tables freely, so they must never reach a real DynamoDB. */
export function assertLoopback(endpoint: string): void {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    throw new Error(`tests only run against a loopback DynamoDB endpoint, not [${endpoint}]`);
  }
  if (!LOOPBACK_HOST.test(host)) {
    throw new Error(`tests only run against a loopback DynamoDB endpoint, not [${endpoint}]`);
  }
}

/** A fresh, uniquely named set of the service's tables, shaped by infra/tables.yml. */
export async function createTestTables(prefix = 'test'): Promise<TableNames> {
  const suffix = randomBytes(4).toString('hex');
  const names: TableNames = {
    apiKeys: `${prefix}-${suffix}-api-keys`,
    users: `${prefix}-${suffix}-users`,
    roles: `${prefix}-${suffix}-roles`,
  };
  const client = testClient();
  try {
    await ensureTables(client, names);
  } finally {
    client.destroy();
  }
  return names;
}
