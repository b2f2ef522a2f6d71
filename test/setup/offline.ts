import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import {
  type DynamoDbLocal,
  LOCAL_CLIENT_CONFIG,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb-local.js';
import { ensureTables, localTableNames } from '../../infra/local/ensure-tables.js';
import { type RunningOffline, startOffline } from '../../infra/local/offline.js';
import { findFreePort } from '../../infra/local/processes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
    offlineUrl: string;
    elasticPassword: string;
    /** Every TCP port the stack listens on (DynamoDB Local, proxy, offline HTTP and Lambda). */
    stackPorts: number[];
  }
}

const STAGE = 'test';

/**
 * Its own in-memory DynamoDB Local plus serverless offline serving the real serverless.yml with
 * `--stage test` behind the same gateway proxy as `npm start`, so the tests see what users see and
 * the handlers use the es-api-keys-test-* tables. OFFLINE_LOGS=1 shows offline's output.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const elasticPassword = randomBytes(18).toString('base64url');
  let dynamodb: DynamoDbLocal | undefined;
  let offline: RunningOffline | undefined;
  const ports = { port: 0, httpPort: 0, lambdaPort: 0 };
  const teardown = async (): Promise<void> => {
    await offline?.stop();
    await dynamodb?.stop();
  };

  try {
    ports.port = await findFreePort();
    ports.httpPort = await findFreePort();
    ports.lambdaPort = await findFreePort();
    dynamodb = await startDynamoDbLocal();
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamodb.endpoint });
    try {
      await ensureTables(client, localTableNames(STAGE));
    } finally {
      client.destroy();
    }
    offline = await startOffline({
      stage: STAGE,
      // The gateway proxy (what users reach), offline behind it, and offline's Lambda port.
      ...ports,
      env: {
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        ELASTIC_PASSWORD: elasticPassword,
        AWS_REGION: LOCAL_CLIENT_CONFIG.region,
        // Dummy keys only: the tests must never reach a real AWS account.
        AWS_ACCESS_KEY_ID: LOCAL_CLIENT_CONFIG.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CLIENT_CONFIG.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        // bcrypt cost 4 keeps the suite fast; the hashing code is the same.
        API_KEY_HASHING_ALGORITHM: 'bcrypt4',
        PASSWORD_HASHING_ALGORITHM: 'bcrypt4',
      },
      readyTimeoutMillis: 60_000,
      forwardOutput: Boolean(process.env['OFFLINE_LOGS']),
    });
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide('ddbEndpoint', dynamodb.endpoint);
  project.provide('offlineUrl', offline.url);
  project.provide('elasticPassword', elasticPassword);
  project.provide('stackPorts', [dynamodb.port, ports.port, ports.httpPort, ports.lambdaPort]);
  return teardown;
}
