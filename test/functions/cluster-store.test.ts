import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoClusterStore } from '../../functions/store/cluster-store.js';
import { ensureTables } from '../../infra/local/ensure-tables.js';
import { testClient } from '../support/tables.js';

describe('DynamoClusterStore', () => {
  let table = '';

  beforeAll(async () => {
    const prefix = `cluster-${randomBytes(4).toString('hex')}`;
    table = `${prefix}-cluster`;
    const client = testClient();
    try {
      await ensureTables(client, {
        apiKeys: `${prefix}-api-keys`,
        users: `${prefix}-users`,
        roles: `${prefix}-roles`,
        cluster: table,
      });
    } finally {
      client.destroy();
    }
  });

  it('creates one cluster_uuid that racing instances and later ones all agree on', async () => {
    const stores = Array.from(
      { length: 4 },
      () => new DynamoClusterStore(DynamoDBDocumentClient.from(testClient()), table),
    );

    const raced = await Promise.all(stores.map((store) => store.clusterUuid()));
    const later = await new DynamoClusterStore(
      DynamoDBDocumentClient.from(testClient()),
      table,
    ).clusterUuid();

    expect(raced[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(raced)).toEqual(new Set([raced[0]]));
    expect(later).toBe(raced[0]);
  });
});
