import { performance } from 'node:perf_hooks';
import type { TableNames } from '../infra/local/ensure-tables.js';
import { startOffline } from '../infra/local/offline.js';
import { findFreePort } from '../infra/local/processes.js';
import { benchEnv, ELASTIC_PASSWORD } from './environment.js';
import { median, ms, type Row } from './measure.js';

const CONCURRENCY = 8;
const SECONDS = 5;
const ROUNDS = 2;

/** Completed requests per second with CONCURRENCY clients in flight for SECONDS. */
async function requestsPerSecond(url: string, headers: Record<string, string>): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let completed = 0;
  const client = async () => {
    while (performance.now() < end) {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) {
        throw new Error(`${url} answered ${response.status}`);
      }
      completed += 1;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return completed / ((performance.now() - start) / 1000);
}

async function call(url: string, method: string, auth: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) {
    throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/**
 * Throughput of the example route behind the API key authorizer against the same handler
 * without it, on one serverless-offline gateway, with the default hashing (bcrypt cost 10).
 */
export async function gatewayRows(endpoint: string, tables: TableNames): Promise<Row[]> {
  const offline = await startOffline({
    stage: 'bench',
    port: await findFreePort(),
    lambdaPort: await findFreePort(),
    env: { ...benchEnv(endpoint, tables), AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined },
    readyTimeoutMillis: 120_000,
  });
  try {
    const admin = `Basic ${Buffer.from(`elastic:${ELASTIC_PASSWORD}`).toString('base64')}`;
    const key = (await call(`${offline.url}/_security/api_key`, 'POST', admin, {
      name: 'gateway-bench',
      role_descriptors: {
        reader: {
          applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
        },
      },
    })) as { encoded: string };
    const protectedUrl = `${offline.url}/example/orders/1`;
    const publicUrl = `${offline.url}/example-public/orders/1`;
    const auth = { Authorization: `ApiKey ${key.encoded}` };
    // Warm every worker of both routes (and their verified-credential caches) first.
    await requestsPerSecond(protectedUrl, auth);
    await requestsPerSecond(publicUrl, {});
    const sequential = async (url: string, headers: Record<string, string>) => {
      const times: number[] = [];
      for (let i = 0; i < 200; i += 1) {
        const start = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        times.push(performance.now() - start);
      }
      return median(times);
    };
    const guardedLatency = await sequential(protectedUrl, auth);
    const openLatency = await sequential(publicUrl, {});
    let guarded = 0;
    let open = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      guarded += await requestsPerSecond(protectedUrl, auth);
      open += await requestsPerSecond(publicUrl, {});
    }
    return [
      {
        section: 'gateway',
        metric: `requests/s, protected example route (${CONCURRENCY} clients)`,
        value: (guarded / ROUNDS).toFixed(0),
        baseline: `${(open / ROUNDS).toFixed(0)} unprotected`,
        ratio: guarded / open,
        target: '>= 0.8',
      },
      {
        section: 'gateway',
        metric: 'latency, one client, protected example route',
        value: ms(guardedLatency),
        baseline: `${ms(openLatency)} unprotected`,
        ratio: guardedLatency / openLatency,
      },
    ];
  } finally {
    await offline.stop();
  }
}
