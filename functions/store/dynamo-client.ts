import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Time bounds of every store call, so a stalled store fails fast instead of hanging a Lambda. */
export interface StoreTimeouts {
  /** To open a connection. */
  connectMillis: number;
  /** For one attempt, once connected, to answer. */
  requestMillis: number;
  /** Attempts per call, the first included (the SDK backs off between them). */
  maxAttempts: number;
}

export function createDocumentClient(options: {
  region: string;
  endpoint: string | undefined;
  timeouts?: StoreTimeouts;
}): DynamoDBDocumentClient {
  const { timeouts } = options;
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(timeouts
      ? {
          maxAttempts: timeouts.maxAttempts,
          requestHandler: {
            connectionTimeout: timeouts.connectMillis,
            requestTimeout: timeouts.requestMillis,
            // Without it the handler only warns, and a stalled store hangs the function.
            throwOnRequestTimeout: true,
          },
        }
      : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
