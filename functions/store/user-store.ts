import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import type { StoredUser, UserStore } from '../core/ports.js';
import { isStorableKey } from './keys.js';

export class DynamoUserStore implements UserStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(username: string): Promise<StoredUser | undefined> {
    if (!isStorableKey(username)) {
      return undefined;
    }
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { username }, ConsistentRead: true }),
    );
    return Item as StoredUser | undefined;
  }

  async put(user: StoredUser): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: user, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes === undefined;
  }

  async delete(username: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { username }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async list(): Promise<StoredUser[]> {
    const users: StoredUser[] = [];
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      users.push(...((page.Items ?? []) as StoredUser[]));
    }
    return users;
  }
}
