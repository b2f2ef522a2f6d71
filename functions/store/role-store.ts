import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { type Logger, type RoleStore, SILENT_LOGGER, type StoredRole } from '../core/ports.js';
import { batchGet } from './batch-get.js';
import { encodeJson, roleDescriptor, string } from './item-codec.js';
import { isStorableKey } from './keys.js';
import { StoreBoundary } from './store-errors.js';

export class DynamoRoleStore implements RoleStore {
  private readonly boundary: StoreBoundary;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    logger: Logger = SILENT_LOGGER,
  ) {
    this.boundary = new StoreBoundary(logger, tableName, 'role document');
  }

  private decode(item: Record<string, unknown>): StoredRole {
    const fail = (detail: string): never => {
      throw this.boundary.malformed(detail);
    };
    const name = string(item, 'name', fail);
    return {
      name,
      descriptor: roleDescriptor(item, 'descriptor', (d) => fail(`role [${name}] ${d}`)),
    };
  }

  /** Unknown names, and names too long to be a key, are simply not found. */
  async getMany(names: readonly string[]): Promise<StoredRole[]> {
    const wanted = [...new Set(names)].filter(isStorableKey);
    return this.boundary.run('getMany', async () => {
      const items = await batchGet(
        this.client,
        this.tableName,
        wanted.map((name) => ({ name })),
      );
      return items.map((item) => this.decode(item));
    });
  }

  async put(role: StoredRole): Promise<boolean> {
    return this.boundary.run('put', async () => {
      const { Attributes } = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { name: role.name, descriptor: encodeJson(role.descriptor) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes === undefined;
    });
  }

  async delete(name: string): Promise<boolean> {
    if (!isStorableKey(name)) {
      return false;
    }
    return this.boundary.run('delete', async () => {
      const { Attributes } = await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { name }, ReturnValues: 'ALL_OLD' }),
      );
      return Attributes !== undefined;
    });
  }

  async list(): Promise<StoredRole[]> {
    const roles: StoredRole[] = [];
    const pages = paginateScan({ client: this.client }, { TableName: this.tableName });
    for await (const page of this.boundary.pages('list', pages)) {
      roles.push(
        ...(await this.boundary.run('list', async () =>
          (page.Items ?? []).map((item) => this.decode(item)),
        )),
      );
    }
    return roles;
  }
}
