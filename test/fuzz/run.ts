import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDbLocal,
  LOCAL_CLIENT_CONFIG,
  startDynamoDbLocal,
} from '../../infra/local/dynamodb-local.js';
import { ensureTables, localTableNames } from '../../infra/local/ensure-tables.js';
import { type RunningOffline, startOffline } from '../../infra/local/offline.js';
import { findFreePort } from '../../infra/local/processes.js';
import { type CampaignResult, runCampaign } from './campaign.js';

// `npm run fuzz -- --runs N [--seed S] [--timeout MS]`: its own in-memory DynamoDB Local and
// serverless offline (as test/setup/offline.ts starts them), N random requests, then a summary.

const STAGE = 'test';
const SHOWN_PER_PROBLEM = 3;

function positiveInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${text}`);
  }
  return value;
}

function summary(result: CampaignResult, seconds: number): string {
  const lines = [
    `runs: ${result.runs} in ${seconds.toFixed(1)} s, seed: ${result.seed}`,
    `statuses: ${Object.entries(result.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}=${count}`)
      .join(' ')}`,
    `stack healthy afterwards: ${result.healthy ? 'yes' : 'NO'}`,
    `failures: ${result.failures.length}`,
  ];
  // Grouped by problem (status and first words of the reason), a few reproductions each.
  const groups = new Map<string, string[]>();
  for (const failure of result.failures) {
    const key = failure.problem.replace(/^\S+ \S+ -> /, '').slice(0, 100);
    const group = groups.get(key) ?? [];
    group.push(`  ${failure.problem.slice(0, 300)}\n    ${failure.reproduction}`);
    groups.set(key, group);
  }
  for (const [problem, group] of groups) {
    lines.push('', `${group.length} x ${problem}`, ...group.slice(0, SHOWN_PER_PROBLEM));
  }
  if (result.failures.length > 0) {
    lines.push('', `replay: npm run fuzz -- --runs ${result.runs} --seed ${result.seed}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const runs = positiveInteger(values.runs, 1_000, 'runs');
  const seed = positiveInteger(values.seed, Date.now() % 2 ** 31, 'seed');
  const timeoutMillis = positiveInteger(values.timeout, 10_000, 'timeout');
  const elasticPassword = randomBytes(18).toString('base64url');
  let dynamodb: DynamoDbLocal | undefined;
  let offline: RunningOffline | undefined;
  try {
    dynamodb = await startDynamoDbLocal();
    const client = new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint: dynamodb.endpoint });
    try {
      await ensureTables(client, localTableNames(STAGE));
    } finally {
      client.destroy();
    }
    offline = await startOffline({
      stage: STAGE,
      port: await findFreePort(),
      lambdaPort: await findFreePort(),
      env: {
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        ELASTIC_PASSWORD: elasticPassword,
        AWS_REGION: LOCAL_CLIENT_CONFIG.region,
        // Dummy keys only: the fuzz must never reach a real AWS account.
        AWS_ACCESS_KEY_ID: LOCAL_CLIENT_CONFIG.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CLIENT_CONFIG.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        API_KEY_HASHING_ALGORITHM: 'bcrypt4',
        PASSWORD_HASHING_ALGORITHM: 'bcrypt4',
      },
      readyTimeoutMillis: 180_000,
      forwardOutput: Boolean(process.env['OFFLINE_LOGS']),
    });
    const started = performance.now();
    const result = await runCampaign({
      baseUrl: offline.url,
      elasticPassword,
      runs,
      seed,
      timeoutMillis,
      onProgress: (done) => {
        if (done % 500 === 0) {
          process.stderr.write(`${done}/${runs}\n`);
        }
      },
    });
    console.log(summary(result, (performance.now() - started) / 1000));
    return result.failures.length === 0 && result.healthy ? 0 : 1;
  } finally {
    await offline?.stop();
    await dynamodb?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
