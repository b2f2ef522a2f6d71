import { arch, cpus, totalmem } from 'node:os';
import { LOCAL_CLIENT_CONFIG, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { localTableNames } from '../infra/local/ensure-tables.js';
import { auditRows } from './audit.js';
import { authenticateRows, authorizerRows, lastUsedRows } from './authenticate.js';
import { bulkInvalidateRows } from './bulk-invalidate.js';
import { bundleRows } from './bundles.js';
import { createTables } from './environment.js';
import { gatewayRows } from './gateway.js';
import { indexScaleRows } from './index-scale.js';
import { meets, type Row, table } from './measure.js';
import { memoryRows } from './memory.js';
import { ownerScaleRows, scaleSetups } from './owner-scale.js';

/**
 * `npm run bench`: every figure of BENCHMARKS.md, measured side by side in one run against a
 * private DynamoDB Local. Benchmarks print numbers; they never fail on them.
 */
const log = (line: string) => process.stderr.write(`${line}\n`);
const only = new Set(process.argv.slice(2));
const wanted = (section: string) => only.size === 0 || only.has(section);

// Every client in this process talks to the private DynamoDB Local only: dummy credentials.
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: LOCAL_CLIENT_CONFIG.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CLIENT_CONFIG.credentials.secretAccessKey,
  AWS_REGION: LOCAL_CLIENT_CONFIG.region,
});
delete process.env['AWS_SESSION_TOKEN'];
delete process.env['AWS_PROFILE'];

const dynamodb = await startDynamoDbLocal();
const rows: Row[] = [];
try {
  if (wanted('authenticate')) {
    log('authenticate: warm and cold, per hashing algorithm…');
    const tables = await createTables(dynamodb.endpoint, 'bench-auth');
    rows.push(...(await authenticateRows(dynamodb.endpoint, tables)));
    rows.push(...(await authorizerRows(dynamodb.endpoint, tables)));
  }
  if (wanted('audit')) {
    log('audit: a REST request with the audit log on vs off…');
    rows.push(
      ...(await auditRows(dynamodb.endpoint, await createTables(dynamodb.endpoint, 'bench-audit'))),
    );
  }
  if (wanted('last-used')) {
    log('last-used: warm authenticate with last_used recording on vs off…');
    const tables = await createTables(dynamodb.endpoint, 'bench-last-used');
    rows.push(...(await lastUsedRows(dynamodb.endpoint, tables)));
  }
  if (wanted('gateway')) {
    log('gateway: serverless offline, protected vs unprotected route…');
    const tables = localTableNames('bench');
    await createTables(dynamodb.endpoint, 'es-api-keys-bench');
    rows.push(...(await gatewayRows(dynamodb.endpoint, tables)));
  }
  if (wanted('bulk')) {
    log('bulk: invalidating 1,000 keys in one request…');
    const tables = await createTables(dynamodb.endpoint, 'bench-bulk');
    rows.push(...(await bulkInvalidateRows(dynamodb.endpoint, tables)));
  }
  if (wanted('scale')) {
    log('owner scale: 1,000 vs 100,000 keys…');
    const setups = await scaleSetups(dynamodb.endpoint, log);
    rows.push(...(await ownerScaleRows(setups)));
    log('index scale: lookups by name, prefix, username, realm, and the all-keys page…');
    rows.push(...(await indexScaleRows(dynamodb.endpoint, setups)));
  }
  if (wanted('bundle')) {
    log('bundles: size and module init per function…');
    rows.push(...(await bundleRows()));
  }
  if (wanted('memory')) {
    log('memory: 10,000 authentications in a fresh process…');
    rows.push(
      ...memoryRows(dynamodb.endpoint, await createTables(dynamodb.endpoint, 'bench-memory')),
    );
  }
} finally {
  await dynamodb.stop();
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${arch()}, Node ${process.version}`;
process.stdout.write(`\nMachine: ${machine}\n\n${table(rows)}\n`);
const missed = rows.filter((row) => meets(row) === 'NO');
process.stdout.write(
  missed.length === 0
    ? '\nEvery target met.\n'
    : `\nTargets not met: ${missed.map((row) => row.metric).join('; ')}\n`,
);
