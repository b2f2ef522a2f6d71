import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CLIENT_CONFIG } from '../../infra/local/dynamodb-local.js';
import { ensureTables, type TableNames } from '../../infra/local/ensure-tables.js';

/** A client for the run's DynamoDB Local; refuses anything but a loopback endpoint. */
export function testClient(): DynamoDBClient {
  const endpoint = inject('ddbEndpoint');
  const host = new URL(endpoint).hostname;
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) {
    throw new Error(`tests only run against a loopback DynamoDB endpoint, not ${endpoint}`);
  }
  return new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint });
}

/** A fresh, uniquely named set of the service's tables. */
export async function createTestTables(prefix = 'test'): Promise<TableNames> {
  const suffix = randomBytes(4).toString('hex');
  const names: TableNames = {
    apiKeys: `${prefix}-${suffix}-api-keys`,
    users: `${prefix}-${suffix}-users`,
    roles: `${prefix}-${suffix}-roles`,
  };
  await ensureTables(testClient(), names);
  return names;
}
