import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { isEmulatorResponse, verdict } from './check.js';
import { type Outcome, send } from './client.js';
import { type Credentials, type FuzzRequest, reproduction, requestArbitrary } from './requests.js';
import { readRoutes } from './routes.js';

export interface CampaignOptions {
  baseUrl: string;
  elasticPassword: string;
  runs: number;
  seed: number;
  /** Each request must be answered within this bound. */
  timeoutMillis: number;
  onProgress?: (done: number) => void;
}

export interface Failure {
  problem: string;
  reproduction: string;
}

export interface CampaignResult {
  runs: number;
  seed: number;
  /**
   * Responses by HTTP status, plus `timeout` and `error`; `400(offline)` and the like are answers
   * of serverless offline's own HTTP layer, which never reached the stack.
   */
  statuses: Record<string, number>;
  failures: Failure[];
  /** Whether the stack still answered an authenticated request after the campaign. */
  healthy: boolean;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function call(
  baseUrl: string,
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/**
 * A superuser and an API key of its own for the fuzz: requests then reach every parser, while
 * `owner` invalidations and the like touch only the fuzz's keys, not those of other tests.
 */
export async function prepareCredentials(
  baseUrl: string,
  elasticPassword: string,
): Promise<Credentials> {
  const user = `fuzz-superuser-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const created = await call(
    baseUrl,
    'PUT',
    `/_security/user/${user}`,
    basic('elastic', elasticPassword),
    { password, roles: ['superuser'] },
  );
  if (created.status !== 200) {
    throw new Error(`could not create the fuzz superuser: ${created.status}`);
  }
  const superuser = basic(user, password);
  const key = await call(baseUrl, 'POST', '/_security/api_key', superuser, { name: 'fuzz-key' });
  if (key.status !== 200 || typeof key.json['encoded'] !== 'string') {
    throw new Error(`could not create the fuzz API key: ${key.status}`);
  }
  return { superuser, apiKey: `ApiKey ${key.json['encoded']}` };
}

/** Whether the stack answers an authenticated request. */
export async function isHealthy(baseUrl: string, elasticPassword: string): Promise<boolean> {
  try {
    const response = await call(
      baseUrl,
      'GET',
      '/_security/_authenticate',
      basic('elastic', elasticPassword),
    );
    return response.status === 200 && response.json['username'] === 'elastic';
  } catch {
    return false;
  }
}

/** Replaces the fuzz's working credentials by names, so reproductions hold no secret. */
function masked(request: FuzzRequest, credentials: Credentials): FuzzRequest {
  const names = new Map([
    [credentials.superuser, 'Basic $FUZZ_SUPERUSER'],
    [credentials.apiKey, 'ApiKey $FUZZ_API_KEY'],
  ]);
  return {
    ...request,
    headers: request.headers.map(([name, value]) => [name, names.get(value) ?? value]),
  };
}

function statusName(outcome: Outcome): string {
  if (outcome.kind !== 'response') {
    return outcome.kind;
  }
  const { status, body } = outcome.response;
  return status >= 400 && isEmulatorResponse(body.toString('utf8'))
    ? `${status}(offline)`
    : String(status);
}

/**
 * Sends `runs` generated requests one after another (reproducible from `seed`), checks each
 * against the property, then checks the stack still answers. Failures are collected, not shrunk:
 * every one comes with a reproduction.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const credentials = await prepareCredentials(options.baseUrl, options.elasticPassword);
  const statuses: Record<string, number> = {};
  const failures: Failure[] = [];
  let done = 0;
  await fc.check(
    fc.asyncProperty(requestArbitrary(readRoutes(), credentials), async (request) => {
      const outcome = await send(options.baseUrl, request, options.timeoutMillis);
      const status = statusName(outcome);
      statuses[status] = (statuses[status] ?? 0) + 1;
      // The local proxy answers what API Gateway would; an emulator body reaching the client is a
      // difference from AWS, and so a failure.
      const problem = status.endsWith('(offline)')
        ? `serverless offline's own answer reached the client: ${status}`
        : verdict(request, outcome, options.timeoutMillis);
      if (problem !== undefined) {
        failures.push({
          problem: `${request.method} ${request.target.slice(0, 120)} -> ${problem}`,
          reproduction: reproduction(options.baseUrl, masked(request, credentials)),
        });
      }
      done += 1;
      options.onProgress?.(done);
      return true;
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  return {
    runs: done,
    seed: options.seed,
    statuses,
    failures,
    healthy: await isHealthy(options.baseUrl, options.elasticPassword),
  };
}
