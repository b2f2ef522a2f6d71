import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  paginateQuery,
  paginateScan,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../core/api-keys/api-key.js';
import type { Clock } from '../core/clock.js';
import {
  type ApiKeyStore,
  type CreationOrder,
  type CreationRange,
  type KeyLookup,
  type Logger,
  SILENT_LOGGER,
} from '../core/ports.js';
import type { Owner } from '../core/security/authentication.js';
import {
  creationPageQuery,
  isIndexUnavailable,
  lookupQuery,
  MAX_REALMS,
  nextRealmQuery,
  retainedCountQuery,
} from './api-key-index-queries.js';
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
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  private readonly logger: Logger;

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

  async *lookup(lookup: KeyLookup): AsyncIterable<ApiKeyRecord> {
    if (lookup.by === 'username') {
      yield* this.findByUsername(lookup.username);
      return;
    }
    const input = lookupQuery(this.tableName, lookup);
    // Undefined for a term no index key can hold (over 1,024 bytes, not UTF-8): callers filter.
    yield* input === undefined ? this.scan() : this.records('lookup', this.indexPages(input));
  }

  /**
   * A username alone: owner keys are `<realm>/<username>`, so the realms are read first as the
   * all-owner index's distinct prefixes (one 1-item Query each), then each owner's partition.
   */
  private async *findByUsername(username: string): AsyncIterable<ApiKeyRecord> {
    const realms: string[] = [];
    for (let from = ''; realms.length <= MAX_REALMS; ) {
      const page = await this.queryOnce(nextRealmQuery(this.tableName, from));
      const next = page?.[0]?.['owner_key'];
      if (page === undefined || (next !== undefined && typeof next !== 'string')) {
        yield* this.scan();
        return;
      }
      if (next === undefined) {
        break;
      }
      const realm = next.slice(0, Math.max(0, next.indexOf('/')));
      realms.push(realm);
      // The smallest owner key past every `<realm>/…` ('0' follows '/').
      from = `${realm}0`;
    }
    if (realms.length > MAX_REALMS) {
      yield* this.scan();
      return;
    }
    for (const realm of realms) {
      const owner = { realm, principal: username };
      if (isStorableKey(ownerKey(owner))) {
        yield* this.findByOwner(owner);
      }
    }
  }

  async *byCreation(order: CreationOrder): AsyncIterable<ApiKeyRecord> {
    const now = this.clock();
    let limit = Math.min(Math.max((order.expected ?? 0) + 1, 10), 100);
    let startKey: Record<string, unknown> | undefined;
    do {
      const input = creationPageQuery(this.tableName, order, limit, startKey);
      const page = await this.queryPage(input);
      if (page === undefined) {
        yield* this.sortedScan(order);
        return;
      }
      const ids = (page.Items ?? [])
        .filter((entry) => {
          const deleteAfter = entry['delete_after'];
          return typeof deleteAfter !== 'number' || deleteAfter * 1000 > now;
        })
        .map((entry) => String(entry['id']));
      const byId = new Map((await this.getMany(ids)).map((key) => [key.id, key]));
      for (const id of ids) {
        const key = byId.get(id);
        if (key) {
          yield key;
        }
      }
      startKey = page.LastEvaluatedKey;
      limit = 100;
    } while (startKey);
  }

  /** The whole table in creation order: the creation index's stand-in while it is being built. */
  private async *sortedScan(order: CreationOrder): AsyncIterable<ApiKeyRecord> {
    const keys: ApiKeyRecord[] = [];
    for await (const key of this.scan()) {
      const after =
        order.after === undefined ||
        (order.descending ? key.creation_time < order.after : key.creation_time > order.after);
      if (after) {
        keys.push(key);
      }
    }
    const sign = order.descending ? -1 : 1;
    yield* keys.sort((a, b) => sign * (a.creation_time - b.creation_time));
  }

  async count(): Promise<number> {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.queryPage(retainedCountQuery(this.tableName, this.clock(), startKey));
      if (page === undefined) {
        total = 0;
        for await (const _key of this.scan()) {
          total += 1;
        }
        return total;
      }
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  }

  /** One Query page, or undefined when its index does not exist yet or is still being built. */
  private async queryPage(input: QueryCommandInput): Promise<QueryCommandOutput | undefined> {
    return this.boundary.run('lookup', async () => {
      try {
        return await this.client.send(new QueryCommand(input));
      } catch (error) {
        if (isIndexUnavailable(error)) {
          this.logger.log('warn', 'index unavailable, scanning instead', {
            table: this.tableName,
            index: input.IndexName ?? '',
          });
          return undefined;
        }
        throw error;
      }
    });
  }

  private async queryOnce(
    input: QueryCommandInput,
  ): Promise<Array<Record<string, unknown>> | undefined> {
    const page = await this.queryPage(input);
    return page === undefined ? undefined : (page.Items ?? []);
  }

  /** An index Query's pages; the table's when the index is not there (yet). */
  private async *indexPages(
    input: QueryCommandInput,
  ): AsyncIterable<{ Items?: Array<Record<string, unknown>> | undefined }> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.queryPage({
        ...input,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      });
      if (page === undefined) {
        yield* paginateScan({ client: this.client }, { TableName: this.tableName });
        return;
      }
      yield page;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
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
