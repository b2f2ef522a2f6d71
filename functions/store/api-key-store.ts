import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  paginateQuery,
  paginateScan,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../core/api-keys/api-key.js';
import type { Clock } from '../core/clock.js';
import { type ApiKeyStore, type CreationRange, type Logger, SILENT_LOGGER } from '../core/ports.js';
import type { Owner } from '../core/security/authentication.js';
import { fromApiKeyItem, OPTIONAL_ITEM_ATTRIBUTES, toApiKeyItem } from './api-key-item.js';
import { batchGet } from './batch-get.js';
import { isConditionalCheckFailed } from './dynamo-client.js';
import { isStorableKey, OWNER_INDEX, ownerKey } from './keys.js';
import { StoreBoundary } from './store-errors.js';

const LAST_USED = 'last_used';

export interface ApiKeyStoreOptions {
  logger?: Logger;
  /** Items whose retention ended are hidden even before DynamoDB's TTL sweep removes them. */
  clock?: Clock;
}

export class DynamoApiKeyStore implements ApiKeyStore {
  private readonly boundary: StoreBoundary;
  private readonly clock: Clock;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: ApiKeyStoreOptions = {},
  ) {
    this.boundary = new StoreBoundary(
      options.logger ?? SILENT_LOGGER,
      tableName,
      'API key document',
    );
    this.clock = options.clock ?? Date.now;
  }

  /** The record of an item, or undefined once its retention period has ended. */
  private decode(item: Record<string, unknown>): ApiKeyRecord | undefined {
    const key = fromApiKeyItem(item, (detail) => {
      throw this.boundary.malformed(detail);
    });
    const retained = key.delete_after === undefined || key.delete_after * 1000 > this.clock();
    return retained ? key : undefined;
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    if (!isStorableKey(id)) {
      return undefined;
    }
    return this.boundary.run('get', async () => {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
      );
      return Item ? this.decode(Item) : undefined;
    });
  }

  async create(key: ApiKeyRecord): Promise<boolean> {
    const created = await this.put('create', key, {
      ConditionExpression: 'attribute_not_exists(id)',
    });
    // A retried attempt fails its condition when the first attempt landed unseen (a timeout
    // after the write): the item holding this very hash is that write, not a collision.
    return created || (await this.get(key.id))?.api_key_hash === key.api_key_hash;
  }

  /**
   * Every attribute but the key and `last_used` SET from the record (absent optional ones
   * REMOVEd): a full put would roll back a `last_used` written since the record was read.
   */
  async replace(key: ApiKeyRecord, expectedVersion: number): Promise<boolean> {
    const item = toApiKeyItem(key);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    const sets: string[] = [];
    for (const [name, value] of Object.entries(item)) {
      if (name === 'id' || name === LAST_USED || value === undefined) {
        continue;
      }
      const index = sets.length;
      names[`#a${index}`] = name;
      values[`:a${index}`] = value;
      sets.push(`#a${index} = :a${index}`);
    }
    const removes = OPTIONAL_ITEM_ATTRIBUTES.filter((name) => item[name] === undefined).map(
      (name, index) => {
        names[`#r${index}`] = name;
        return `#r${index}`;
      },
    );
    names['#version'] = 'version';
    return this.conditionalUpdate('replace', {
      Key: { id: key.id },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /**
   * Names only `id` and `last_used`, with no return values: the authenticate role's UpdateItem
   * is restricted to exactly that (infra/iam.yml).
   */
  async recordLastUsed(id: string, at: number, windowStart: number): Promise<boolean> {
    return this.conditionalUpdate('recordLastUsed', {
      Key: { id },
      UpdateExpression: 'SET last_used = :at',
      ConditionExpression:
        'attribute_exists(id) AND (attribute_not_exists(last_used) OR last_used < :windowStart)',
      ExpressionAttributeValues: { ':at': at, ':windowStart': windowStart },
      ReturnValues: 'NONE',
    });
  }

  /** Resolves false when the condition failed. */
  private async conditionalUpdate(
    operation: string,
    input: Omit<UpdateCommandInput, 'TableName'>,
  ): Promise<boolean> {
    return this.boundary.run(operation, async () => {
      try {
        await this.client.send(new UpdateCommand({ TableName: this.tableName, ...input }));
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) {
          return false;
        }
        throw error;
      }
    });
  }

  /** Resolves false when the condition failed. */
  private async put(
    operation: string,
    key: ApiKeyRecord,
    condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
  ): Promise<boolean> {
    return this.boundary.run(operation, async () => {
      try {
        await this.client.send(
          new PutCommand({ TableName: this.tableName, Item: toApiKeyItem(key), ...condition }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) {
          return false;
        }
        throw error;
      }
    });
  }

  async getMany(ids: readonly string[]): Promise<ApiKeyRecord[]> {
    const wanted = [...new Set(ids)].filter(isStorableKey);
    const items = await this.boundary.run('getMany', () =>
      batchGet(
        this.client,
        this.tableName,
        wanted.map((id) => ({ id })),
      ),
    );
    return this.boundary.run('getMany', async () =>
      items.flatMap((item) => this.decode(item) ?? []),
    );
  }

  async invalidate(id: string, invalidationTime: number, deleteAfter: number): Promise<boolean> {
    return this.conditionalUpdate('invalidate', {
      Key: { id },
      UpdateExpression:
        'SET api_key_invalidated = :true, invalidation_time = :now, delete_after = :ttl, version = version + :one',
      ConditionExpression: 'attribute_exists(id) AND api_key_invalidated = :false',
      ExpressionAttributeValues: {
        ':true': true,
        ':false': false,
        ':now': invalidationTime,
        ':ttl': deleteAfter,
        ':one': 1,
      },
    });
  }

  async *findByOwner(owner: Owner, creation: CreationRange = {}): AsyncIterable<ApiKeyRecord> {
    if (creation.from !== undefined && creation.to !== undefined && creation.from > creation.to) {
      return;
    }
    const values: Record<string, unknown> = { ':owner': ownerKey(owner) };
    let condition = 'owner_key = :owner';
    if (creation.from !== undefined && creation.to !== undefined) {
      condition += ' AND creation_time BETWEEN :from AND :to';
      Object.assign(values, { ':from': creation.from, ':to': creation.to });
    } else if (creation.from !== undefined) {
      condition += ' AND creation_time >= :from';
      values[':from'] = creation.from;
    } else if (creation.to !== undefined) {
      condition += ' AND creation_time <= :to';
      values[':to'] = creation.to;
    }
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: OWNER_INDEX,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
    );
    yield* this.records('findByOwner', pages);
  }

  async *scan(): AsyncIterable<ApiKeyRecord> {
    yield* this.records(
      'scan',
      paginateScan({ client: this.client }, { TableName: this.tableName }),
    );
  }

  private async *records(
    operation: string,
    pages: AsyncIterable<{ Items?: Array<Record<string, unknown>> | undefined }>,
  ): AsyncIterable<ApiKeyRecord> {
    for await (const page of this.boundary.pages(operation, pages)) {
      const keys = await this.boundary.run(operation, async () =>
        (page.Items ?? []).flatMap((item) => this.decode(item) ?? []),
      );
      yield* keys;
    }
  }
}
