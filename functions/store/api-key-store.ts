import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  paginateQuery,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../core/api-keys/api-key.js';
import { illegalArgument } from '../core/errors.js';
import type { ApiKeyStore, CreationRange } from '../core/ports.js';
import type { Owner } from '../core/security/authentication.js';
import { isConditionalCheckFailed, isItemRejected } from './dynamo-client.js';
import { isStorableKey, OWNER_INDEX, ownerKey } from './keys.js';

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const { owner_key: _ownerKey, ...record } = item;
  return record as unknown as ApiKeyRecord;
}

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    if (!isStorableKey(id)) {
      return undefined;
    }
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async create(key: ApiKeyRecord): Promise<void> {
    await this.put(key, {
      ConditionExpression: 'attribute_not_exists(id)',
    });
  }

  async replace(key: ApiKeyRecord, expectedVersion: number): Promise<boolean> {
    try {
      await this.put(key, {
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      });
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw error;
    }
  }

  private async put(
    key: ApiKeyRecord,
    condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
  ): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            owner_key: ownerKey({ principal: key.creator.principal, realm: key.creator.realm }),
          },
          ...condition,
        }),
      );
    } catch (error) {
      if (isItemRejected(error)) {
        throw illegalArgument('API key document is too large or its metadata is nested too deeply');
      }
      throw error;
    }
  }

  async getMany(ids: readonly string[]): Promise<ApiKeyRecord[]> {
    const wanted = [...new Set(ids)].filter(isStorableKey);
    const found: ApiKeyRecord[] = [];
    for (let start = 0; start < wanted.length; start += 100) {
      let keys: Array<Record<string, unknown>> | undefined = wanted
        .slice(start, start + 100)
        .map((id) => ({ id }));
      while (keys && keys.length > 0) {
        const response: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
          }),
        );
        found.push(...(response.Responses?.[this.tableName] ?? []).map(toRecord));
        keys = response.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async invalidate(id: string, invalidationTime: number, deleteAfter: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
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
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        return false;
      }
      throw error;
    }
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
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        yield toRecord(item);
      }
    }
  }

  async *scan(): AsyncIterable<ApiKeyRecord> {
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) {
        yield toRecord(item);
      }
    }
  }
}
