import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Metrics } from '../core/metrics.js';

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
  /** Receives each call's latency (retries included) as StoreLatency by DynamoDB operation. */
  metrics?: Metrics;
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
  const { metrics } = options;
  if (metrics) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          metrics.add('StoreLatency', 'Milliseconds', performance.now() - started, {
            StoreOperation: context.commandName?.replace(/Command$/, '') ?? 'unknown',
          });
        }
      },
      { step: 'initialize', name: 'storeLatencyMetric' },
    );
  }
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
