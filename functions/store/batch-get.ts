import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { mapConcurrent } from '../core/concurrent.js';

/** DynamoDB's BatchGetItem limit. */
const BATCH_GET_LIMIT = 100;
/** Batches in flight at once: enough to hide round trips, few enough not to be throttled. */
const CONCURRENT_BATCHES = 8;
/** Rounds of unprocessed keys before giving up (the SDK retries each call on top of this). */
const UNPROCESSED_ROUNDS = 8;

async function getBatch(
  client: DynamoDBDocumentClient,
  table: string,
  batch: Array<Record<string, unknown>>,
): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  let keys: Array<Record<string, unknown>> | undefined = batch;
  for (let round = 0; keys && keys.length > 0; round += 1) {
    if (round === UNPROCESSED_ROUNDS) {
      const error = new Error('BatchGetItem left keys unprocessed');
      error.name = 'ProvisionedThroughputExceededException';
      throw error;
    }
    if (round > 0) {
      // DynamoDB returns unprocessed keys under load: back off before asking again.
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    }
    const response: BatchGetCommandOutput = await client.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
    );
    found.push(...(response.Responses?.[table] ?? []));
    keys = response.UnprocessedKeys?.[table]?.Keys;
  }
  return found;
}

/** The items that exist among `keys` (strongly consistent), read 100 at a time, batches in parallel. */
export async function batchGet(
  client: DynamoDBDocumentClient,
  table: string,
  keys: ReadonlyArray<Record<string, unknown>>,
): Promise<Array<Record<string, unknown>>> {
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    batches.push(keys.slice(start, start + BATCH_GET_LIMIT));
  }
  const results = await mapConcurrent(batches, CONCURRENT_BATCHES, (batch) =>
    getBatch(client, table, batch),
  );
  return results.flat();
}
