import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDbLocal,
  JavaNotFoundError,
  LOCAL_CLIENT_CONFIG,
  PortInUseError,
  startDynamoDbLocal,
} from './dynamodb-local.js';
import { ensureTables, localTableNames } from './ensure-tables.js';
import {
  assertPortsFree,
  derivePorts,
  type OfflineProcess,
  REPO_ROOT,
  spawnOffline,
} from './offline.js';
import { type RunningUiServer, startUiServer } from './ui-server.js';

// `npm start`: DynamoDB Local on disk, the tables of infra/tables.yml, then serverless offline
// behind the gateway proxy on :9200. Everything listens on 127.0.0.1 only.

const STAGE = 'local';
const dataDir = resolve(REPO_ROOT, process.env['DATA_DIR'] || '.data');
const dynamoDbPort = portFromEnv('DYNAMODB_PORT', 8000);
const uiPort = portFromEnv('UI_PORT', 5601);
const ports = derivePorts(
  portFromEnv('PORT', 9200),
  process.env['OFFLINE_LAMBDA_PORT'] ? portFromEnv('OFFLINE_LAMBDA_PORT', 9202) : undefined,
);

let dynamodb: DynamoDbLocal | undefined;
let offline: OfflineProcess | undefined;
let ui: RunningUiServer | undefined;
let stopping = false;
let stoppingSince = 0;

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      void shutdown(signal === 'SIGINT' ? 130 : 143);
    });
  }
  watchForOrphaning(() => {
    console.error('the process that started us is gone; stopping');
    void shutdown(143);
  });

  try {
    // Every port up front, so a taken one is reported before anything starts, all alike.
    await assertPortsFree([
      [ports.port, 'the API (PORT)'],
      [ports.httpPort, 'serverless offline, behind the API (PORT+1)'],
      [
        ports.lambdaPort,
        'serverless offline Lambda invocations (OFFLINE_LAMBDA_PORT, else PORT+2)',
      ],
      [dynamoDbPort, 'DynamoDB Local (DYNAMODB_PORT)'],
      [uiPort, 'the admin page (UI_PORT)'],
    ]);
    console.log('starting DynamoDB Local…');
    dynamodb = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb'), port: dynamoDbPort });
  } catch (error) {
    if (error instanceof JavaNotFoundError || error instanceof PortInUseError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (stopping) {
    return;
  }

  const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamodb.endpoint });
  try {
    await ensureTables(client, localTableNames(STAGE));
  } finally {
    client.destroy();
  }
  if (stopping) {
    return;
  }

  const password = elasticPassword();
  offline = await spawnOffline({
    stage: STAGE,
    ...ports,
    progress: (line) => console.log(line),
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      ELASTIC_PASSWORD: password.value,
      AWS_REGION: process.env['AWS_REGION'] || 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env['AWS_ACCESS_KEY_ID'] || 'local',
      AWS_SECRET_ACCESS_KEY: process.env['AWS_SECRET_ACCESS_KEY'] || 'local',
      ...(process.stdout.isTTY && process.env['FORCE_COLOR'] === undefined
        ? { FORCE_COLOR: '1' }
        : {}),
    },
    readyTimeoutMillis: 180_000,
    forwardOutput: true,
  });
  const { url } = offline;
  void offline.ready.then(
    async () => {
      try {
        ui = await startUiServer({ port: uiPort, apiUrl: url, buildIfMissing: true });
      } catch (error) {
        console.error(
          `the admin page could not be served on port ${uiPort}: ${error instanceof Error ? error.message : error}`,
        );
        await shutdown(1);
        return;
      }
      printBanner(url, password, dynamodb?.endpoint ?? '', ui.pageUrl);
    },
    (error: unknown) => {
      if (!stopping) {
        console.error(error instanceof Error ? error.message : error);
        void shutdown(1);
      }
    },
  );

  const code = await offline.exited;
  if (!stopping) {
    console.error(`serverless offline exited (${code}); stopping DynamoDB Local`);
    await shutdown(typeof code === 'number' && code !== 0 ? code : 1);
  }
}

/** Stops offline, then DynamoDB Local; a second Ctrl-C kills both at once. */
async function shutdown(exitCode: number): Promise<void> {
  if (stopping) {
    // Ctrl-C reaches us twice at once: from the terminal and relayed by tsx. Only a later one forces.
    if (Date.now() - stoppingSince > 1_000) {
      console.error('forcing exit');
      process.exit(exitCode);
    }
    return;
  }
  stopping = true;
  stoppingSince = Date.now();
  try {
    await ui?.stop();
    await offline?.stop();
    await dynamodb?.stop();
  } finally {
    process.exit(exitCode);
  }
}

interface Password {
  value: string;
  source: 'env' | 'file' | 'generated';
  file: string;
}

/** ELASTIC_PASSWORD, else the one kept in <DATA_DIR>/elastic-password, else a new one saved there. */
function elasticPassword(): Password {
  const file = join(dataDir, 'elastic-password');
  const fromEnv = process.env['ELASTIC_PASSWORD'];
  if (fromEnv) {
    return { value: fromEnv, source: 'env', file };
  }
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved !== '') {
      if ((statSync(file).mode & 0o077) !== 0) {
        chmodSync(file, 0o600);
      }
      return { value: saved, source: 'file', file };
    }
  }
  const value = randomBytes(18).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, source: 'generated', file };
}

function printBanner(
  url: string,
  password: Password,
  dynamoDbEndpoint: string,
  pageUrl: string,
): void {
  const shown = password.source === 'env' ? '(your ELASTIC_PASSWORD)' : password.value;
  const lines = [
    `Elasticsearch-compatible security API on ${url}`,
    `Admin page (API keys) on ${pageUrl}`,
    `  user:     elastic`,
    `  password: ${shown}${password.source === 'env' ? '' : `  (saved in ${password.file})`}`,
    `  data:     ${join(dataDir, 'dynamodb')} (DynamoDB Local on ${dynamoDbEndpoint})`,
    `  try:      curl -u elastic:${password.source === 'env' ? '$ELASTIC_PASSWORD' : password.value} ${url}/`,
    'Ctrl-C stops everything.',
  ];
  console.log(['', ...lines, ''].join('\n'));
}

/**
 * `npm start` runs us under `sh -c` and tsx. A SIGTERM sent to npm kills `sh` without reaching us, so
 * notice when our parent or grandparent changes (Linux /proc) and stop instead of holding the ports.
 */
function watchForOrphaning(onOrphaned: () => void): void {
  const ancestry = (): string => `${process.ppid}/${parentOf(process.ppid) ?? '?'}`;
  const initial = ancestry();
  if (initial.endsWith('/?')) {
    return;
  }
  const timer = setInterval(() => {
    if (ancestry() !== initial) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 1_000);
  timer.unref();
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid ...": the command may contain spaces, so split after its ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`invalid ${name} [${raw}]: expected a TCP port from 1 to 65535`);
    process.exit(1);
  }
  return port;
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await shutdown(1);
});
