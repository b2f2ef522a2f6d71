import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { type Logger, SILENT_LOGGER, type StoredUser, type UserStore } from '../core/ports.js';
import {
  boolean,
  encodeJson,
  type Fail,
  jsonObject,
  nullableString,
  string,
  stringArray,
} from './item-codec.js';
import { isStorableKey } from './keys.js';
import { StoreBoundary } from './store-errors.js';

function toItem(user: StoredUser): Record<string, unknown> {
  return { ...user, metadata: encodeJson(user.metadata) };
}

function fromItem(item: Record<string, unknown>, fail: Fail): StoredUser {
  const username = string(item, 'username', fail);
  const failFor: Fail = (detail) => fail(`user [${username}] ${detail}`);
  return {
    username,
    password_hash: string(item, 'password_hash', failFor),
    roles: stringArray(item, 'roles', failFor),
    full_name: nullableString(item, 'full_name', failFor),
    email: nullableString(item, 'email', failFor),
    metadata: jsonObject(item, 'metadata', failFor),
    enabled: boolean(item, 'enabled', failFor),
  };
}

export class DynamoUserStore implements UserStore {
  private readonly boundary: StoreBoundary;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    logger: Logger = SILENT_LOGGER,
  ) {
    this.boundary = new StoreBoundary(logger, tableName, 'user document');
  }

  private decode(item: Record<string, unknown>): StoredUser {
    return fromItem(item, (detail) => {
      throw this.boundary.malformed(detail);
    });
  }

  async get(username: string): Promise<StoredUser | undefined> {
    if (!isStorableKey(username)) {
      return undefined;
    }
    return this.boundary.run('get', async () => {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { username }, ConsistentRead: true }),
      );
      return Item ? this.decode(Item) : undefined;
    });
  }

  async put(user: StoredUser): Promise<boolean> {
    return this.boundary.run('put', async () => {
      const { Attributes } = await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: toItem(user), ReturnValues: 'ALL_OLD' }),
      );
      return Attributes === undefined;
    });
  }

  async delete(username: string): Promise<boolean> {
    if (!isStorableKey(username)) {
      return false;
    }
    return this.boundary.run('delete', async () => {
      const { Attributes } = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { username },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes !== undefined;
    });
  }

  async list(): Promise<StoredUser[]> {
    const users: StoredUser[] = [];
    const pages = paginateScan({ client: this.client }, { TableName: this.tableName });
    for await (const page of this.boundary.pages('list', pages)) {
      users.push(
        ...(await this.boundary.run('list', async () =>
          (page.Items ?? []).map((item) => this.decode(item)),
        )),
      );
    }
    return users;
  }
}
