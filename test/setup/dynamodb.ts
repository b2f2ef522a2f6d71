import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
  }
}

/** One in-memory DynamoDB Local for the whole run; each test file creates its own tables. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  project.provide('ddbEndpoint', dynamodb.endpoint);
  return () => dynamodb.stop();
}
