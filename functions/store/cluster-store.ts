import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './dynamo-client.js';

const CLUSTER_ITEM = 'cluster';

/** The deployment's one `cluster_uuid`, created by the first caller and kept with the data. */
export class DynamoClusterStore {
  #uuid: Promise<string> | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  clusterUuid(): Promise<string> {
    this.#uuid ??= this.#readOrCreate().catch((error: unknown) => {
      this.#uuid = undefined;
      throw error;
    });
    return this.#uuid;
  }

  async #readOrCreate(): Promise<string> {
    const existing = await this.#read();
    if (existing !== undefined) {
      return existing;
    }
    // ES's cluster UUIDs are 16 random bytes in URL-safe base64 without padding.
    const uuid = randomBytes(16).toString('base64url');
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { name: CLUSTER_ITEM, cluster_uuid: uuid },
          ConditionExpression: 'attribute_not_exists(#name)',
          ExpressionAttributeNames: { '#name': 'name' },
        }),
      );
      return uuid;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw error;
      }
      // Another instance created it first: theirs is the one.
      const winner = await this.#read();
      if (winner === undefined) {
        throw new Error('cluster item vanished after a conditional put failed');
      }
      return winner;
    }
  }

  async #read(): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { name: CLUSTER_ITEM },
        ConsistentRead: true,
      }),
    );
    const uuid: unknown = Item?.['cluster_uuid'];
    return typeof uuid === 'string' && uuid !== '' ? uuid : undefined;
  }
}
