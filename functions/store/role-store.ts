import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import type { RoleStore, StoredRole } from '../core/ports.js';

const BATCH_GET_LIMIT = 100;

export class DynamoRoleStore implements RoleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getMany(names: readonly string[]): Promise<StoredRole[]> {
    const roles: StoredRole[] = [];
    for (let start = 0; start < names.length; start += BATCH_GET_LIMIT) {
      let keys: Array<Record<string, unknown>> | undefined = names
        .slice(start, start + BATCH_GET_LIMIT)
        .map((name) => ({ name }));
      while (keys && keys.length > 0) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
          }),
        );
        roles.push(...((result.Responses?.[this.tableName] ?? []) as StoredRole[]));
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return roles;
  }

  async put(role: StoredRole): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: role, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes === undefined;
  }

  async delete(name: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { name }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async list(): Promise<StoredRole[]> {
    const roles: StoredRole[] = [];
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      roles.push(...((page.Items ?? []) as StoredRole[]));
    }
    return roles;
  }
}
