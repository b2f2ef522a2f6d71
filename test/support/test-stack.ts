import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDbLocal,
  LOCAL_CLIENT_CONFIG,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb-local.js';
import { ensureTables, localTableNames } from '../../infra/local/ensure-tables.js';
import { type RunningOffline, startOffline } from '../../infra/local/offline.js';
import { findFreePort } from '../../infra/local/processes.js';

const STAGE = 'test';

export interface TestStack {
  dynamodb: DynamoDbLocal;
  offline: RunningOffline;
  elasticPassword: string;
  /** The gateway proxy (what users reach), offline behind it, and offline's Lambda port. */
  ports: { port: number; httpPort: number; lambdaPort: number };
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Added to the handlers' environment. */
  env?: NodeJS.ProcessEnv;
  /** Everything the handlers write to stdout (log and audit lines), as it comes. */
  onStdout?: (chunk: string) => void;
}

/**
 * An in-memory DynamoDB Local plus serverless offline serving the real serverless.yml with
 * `--stage test` behind the same gateway proxy as `npm start`, so the handlers use the
 * es-api-keys-test-* tables. OFFLINE_LOGS=1 shows offline's output.
 */
export async function startTestStack(
  readyTimeoutMillis: number,
  options: TestStackOptions = {},
): Promise<TestStack> {
  const elasticPassword = randomBytes(18).toString('base64url');
  let dynamodb: DynamoDbLocal | undefined;
  let offline: RunningOffline | undefined;
  const stop = async (): Promise<void> => {
    await offline?.stop();
    await dynamodb?.stop();
  };
  try {
    const ports = {
      port: await findFreePort(),
      httpPort: await findFreePort(),
      lambdaPort: await findFreePort(),
    };
    dynamodb = await startDynamoDbLocal();
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamodb.endpoint });
    try {
      await ensureTables(client, localTableNames(STAGE));
    } finally {
      client.destroy();
    }
    offline = await startOffline({
      stage: STAGE,
      ...ports,
      env: {
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        ELASTIC_PASSWORD: elasticPassword,
        AWS_REGION: LOCAL_CLIENT_CONFIG.region,
        // Dummy keys only: tests must never reach a real AWS account.
        AWS_ACCESS_KEY_ID: LOCAL_CLIENT_CONFIG.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CLIENT_CONFIG.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        // bcrypt cost 4 keeps the suite fast; the hashing code is the same.
        API_KEY_HASHING_ALGORITHM: 'bcrypt4',
        PASSWORD_HASHING_ALGORITHM: 'bcrypt4',
        ...options.env,
      },
      readyTimeoutMillis,
      ...(options.onStdout ? { onStdout: options.onStdout } : {}),
      forwardOutput: Boolean(process.env['OFFLINE_LOGS']),
    });
    return { dynamodb, offline, elasticPassword, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
