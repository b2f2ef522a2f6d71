import type { TestProject } from 'vitest/node';
import { startTestStack } from '../support/test-stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
    offlineUrl: string;
    elasticPassword: string;
    /** Every TCP port the stack listens on (DynamoDB Local, proxy, offline HTTP and Lambda). */
    stackPorts: number[];
  }
}

/** The http project's stack (test/support/test-stack.ts), shared with the tests by `inject`. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startTestStack(60_000);
  const { dynamodb, offline, elasticPassword, ports } = stack;
  project.provide('ddbEndpoint', dynamodb.endpoint);
  project.provide('offlineUrl', offline.url);
  project.provide('elasticPassword', elasticPassword);
  project.provide('stackPorts', [dynamodb.port, ports.port, ports.httpPort, ports.lambdaPort]);
  return stack.stop;
}
