import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../functions/config.js';
import { buildServices } from '../functions/container.js';
import { verifySecret } from '../functions/core/security/hashing.js';
import { createDocumentClient } from '../functions/store/dynamo-client.js';
import type { TableNames } from '../infra/local/ensure-tables.js';
import { benchEnv, elastic, services } from './environment.js';
import { interleaved, ms, type Row } from './measure.js';

const ALGORITHMS: Array<{ setting: string; label: string; coldIterations: number }> = [
  { setting: 'bcrypt', label: 'bcrypt (cost 10, default)', coldIterations: 25 },
  { setting: 'bcrypt4', label: 'bcrypt cost 4', coldIterations: 200 },
  { setting: 'ssha256', label: 'ssha256', coldIterations: 1000 },
];

/**
 * Authentication against one raw GetItem of the same item on the same engine: warm (the secret
 * is in the verified-credential cache) and cold (it is not, so the stored hash is verified).
 */
export async function authenticateRows(endpoint: string, tables: TableNames): Promise<Row[]> {
  const rows: Row[] = [];
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  for (const algorithm of ALGORITHMS) {
    const instance = services(
      benchEnv(endpoint, tables, { API_KEY_HASHING_ALGORITHM: algorithm.setting }),
    );
    const key = await instance.apiKeys.create(await elastic(instance), { name: 'bench' });
    const getItem = () =>
      client.send(
        new GetCommand({ TableName: tables.apiKeys, Key: { id: key.id }, ConsistentRead: true }),
      );
    const { Item } = await getItem();
    const storedHash = Item?.['api_key_hash'] as string;

    const warm = await interleaved(
      2000,
      () => instance.apiKeys.authenticate(key.id, key.api_key),
      getItem,
    );
    rows.push({
      section: 'authenticate',
      metric: `warm (cache hit), ${algorithm.label}`,
      value: ms(warm.a),
      baseline: `${ms(warm.b)} GetItem`,
      ratio: warm.a / warm.b,
      target: '<= 1.2',
    });

    const cold = await interleaved(
      algorithm.coldIterations,
      () => {
        instance.verifiedCredentials.clear();
        return instance.apiKeys.authenticate(key.id, key.api_key);
      },
      async () => {
        await getItem();
        await verifySecret(key.api_key, storedHash);
      },
      3,
    );
    rows.push({
      section: 'authenticate',
      metric: `cold (cache miss), ${algorithm.label}`,
      value: ms(cold.a),
      baseline: `${ms(cold.b)} GetItem + verify`,
      ratio: cold.a / cold.b,
      target: '<= 1.1',
    });
  }
  client.destroy();
  return rows;
}

/**
 * The gateway authorizer's handler in-process, warm, against one raw GetItem: what the
 * authorizer adds to a request on AWS, apart from API Gateway's Lambda invocation itself.
 */
export async function authorizerRows(endpoint: string, tables: TableNames): Promise<Row[]> {
  Object.assign(process.env, benchEnv(endpoint, tables));
  const { getServices } = await import('../functions/container.js');
  const { handler } = await import('../functions/handlers/authorizer.js');
  const instance = getServices();
  const key = await instance.apiKeys.create(await elastic(instance), {
    name: 'authorizer-bench',
    roleDescriptors: {
      reader: {
        cluster: [],
        indices: [],
        applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
        run_as: [],
        metadata: {},
      },
    },
  });
  const event = {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api/bench/GET/example/orders',
    resource: '/example/{proxy+}',
    path: '/example/orders',
    httpMethod: 'GET',
    headers: { Authorization: `ApiKey ${key.encoded}` },
  } as unknown as Parameters<typeof handler>[0];
  const client = createDocumentClient({ region: 'us-east-1', endpoint });
  const getItem = () =>
    client.send(
      new GetCommand({ TableName: tables.apiKeys, Key: { id: key.id }, ConsistentRead: true }),
    );
  const result = await interleaved(
    2000,
    async () => {
      const decision = await handler(event);
      if (decision.policyDocument.Statement[0]?.Effect !== 'Allow') {
        throw new Error('the authorizer denied the bench key');
      }
    },
    getItem,
  );
  client.destroy();
  return [
    {
      section: 'authorizer',
      metric: 'authorizer handler, warm, bcrypt (cost 10)',
      value: ms(result.a),
      baseline: `${ms(result.b)} GetItem`,
      ratio: result.a / result.b,
      target: '<= 1.2',
    },
  ];
}

/**
 * Warm authentication with `last_used` recording on (the default 1h resolution) against off
 * (`0`), on the same key: inside a window the key's own record shows it was used, so no write.
 * And the request that opens a window (its clock an hour on each time), which writes once.
 */
export async function lastUsedRows(endpoint: string, tables: TableNames): Promise<Row[]> {
  const on = services(benchEnv(endpoint, tables));
  const off = services(benchEnv(endpoint, tables, { API_KEY_LAST_USED_RESOLUTION: '0' }));
  let now = Date.now();
  const opening = buildServices(loadConfig(benchEnv(endpoint, tables)), () => now);
  const key = await on.apiKeys.create(await elastic(on), { name: 'last-used-bench' });
  for (const instance of [off, opening]) {
    await instance.apiKeys.authenticate(key.id, key.api_key);
  }
  const warm = await interleaved(
    2000,
    () => on.apiKeys.authenticate(key.id, key.api_key),
    () => off.apiKeys.authenticate(key.id, key.api_key),
  );
  const windows = await interleaved(
    500,
    () => {
      now += 3_600_000;
      return opening.apiKeys.authenticate(key.id, key.api_key);
    },
    () => off.apiKeys.authenticate(key.id, key.api_key),
  );
  return [
    {
      section: 'authenticate',
      metric: 'warm, last_used on (1h resolution)',
      value: ms(warm.a),
      baseline: `${ms(warm.b)} last_used off`,
      ratio: warm.a / warm.b,
      target: '<= 1.05',
    },
    {
      section: 'authenticate',
      metric: 'first use in a last_used window (one UpdateItem, awaited)',
      value: ms(windows.a),
      baseline: `${ms(windows.b)} last_used off`,
      ratio: windows.a / windows.b,
    },
  ];
}
