import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../infra/local/ensure-tables.js';
import { assertLoopback, createTestTables, testClient } from '../support/tables.js';

const client = testClient();
afterAll(() => client.destroy());

describe('test tables built from infra/tables.yml', () => {
  it('gives the api keys table its owner and all-keys indexes and the delete_after TTL', async () => {
    const tables = await createTestTables('smoke');

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tables.apiKeys }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tables.apiKeys }));

    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.KeySchema]),
    );
    expect(indexes).toEqual({
      'owner-creation': [
        { AttributeName: 'owner_key', KeyType: 'HASH' },
        { AttributeName: 'creation_time', KeyType: 'RANGE' },
      ],
      'all-creation': [
        { AttributeName: 'doc_type', KeyType: 'HASH' },
        { AttributeName: 'creation_time', KeyType: 'RANGE' },
      ],
      'all-name': [
        { AttributeName: 'doc_type', KeyType: 'HASH' },
        { AttributeName: 'name', KeyType: 'RANGE' },
      ],
      'all-owner': [
        { AttributeName: 'doc_type', KeyType: 'HASH' },
        { AttributeName: 'owner_key', KeyType: 'RANGE' },
      ],
    });
    expect(ttl.TimeToLiveDescription).toEqual({
      AttributeName: 'delete_after',
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('creates the users and roles tables keyed by username and name', async () => {
    const tables = await createTestTables('smoke');

    const users = await client.send(new DescribeTableCommand({ TableName: tables.users }));
    const roles = await client.send(new DescribeTableCommand({ TableName: tables.roles }));

    expect(users.Table?.KeySchema).toEqual([{ AttributeName: 'username', KeyType: 'HASH' }]);
    expect(roles.Table?.KeySchema).toEqual([{ AttributeName: 'name', KeyType: 'HASH' }]);
  });

  it('leaves existing tables alone when run again', async () => {
    const tables = await createTestTables('smoke');
    const before = await client.send(new DescribeTableCommand({ TableName: tables.apiKeys }));

    await ensureTables(client, tables);

    const after = await client.send(new DescribeTableCommand({ TableName: tables.apiKeys }));
    expect(after.Table?.CreationDateTime).toEqual(before.Table?.CreationDateTime);
  });

  it('refuses a DynamoDB endpoint that is not on loopback', () => {
    expect(() => assertLoopback('https://dynamodb.us-east-1.amazonaws.com')).toThrow(/loopback/);
    expect(() => assertLoopback('http://127.0.0.1:8000')).not.toThrow();
    expect(() => assertLoopback('http://localhost:8000')).not.toThrow();
    expect(() => assertLoopback('http://[::1]:8000')).not.toThrow();
    expect(() => assertLoopback('http://127.0.0.1.example.com:8000')).toThrow(/loopback/);
  });
});
