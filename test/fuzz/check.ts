import type { Outcome } from './client.js';
import type { FuzzRequest } from './requests.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCause(value: unknown): boolean {
  return (
    isObject(value) && typeof value['type'] === 'string' && typeof value['reason'] === 'string'
  );
}

/**
 * Why an error body is not Elasticsearch's `{"error":{root_cause,type,reason},"status":N}` (or the
 * bare `{"error":"reason","status":N}` of its REST layer), if it is not.
 */
export function esErrorShapeProblem(text: string, status: number): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'error body is not JSON';
  }
  if (isObject(json) && typeof json['error'] === 'string') {
    // RestController's own refusals (unsupported content type, repeated header, no handler):
    // a bare reason, with the status where ES gives one.
    return json['status'] === undefined || json['status'] === status
      ? undefined
      : `body status ${String(json['status'])} differs from the HTTP status ${status}`;
  }
  if (!isObject(json) || !isObject(json['error'])) {
    return 'error body has no `error` object';
  }
  const error = json['error'];
  if (!isCause(error)) {
    return '`error` lacks a string `type` and `reason`';
  }
  const rootCause = error['root_cause'];
  if (!Array.isArray(rootCause) || rootCause.length === 0 || !rootCause.every(isCause)) {
    return '`error.root_cause` is not a non-empty list of {type, reason}';
  }
  if (json['status'] !== status) {
    return `body status ${String(json['status'])} differs from the HTTP status ${status}`;
  }
  return undefined;
}

/**
 * ES's own 404 bodies that are not errors: a missing user or role (`{}`, or `{"found":false}` on
 * delete), and a get of API keys by an unknown id (`{"api_keys":[]}`).
 */
function isEsNotFoundBody(request: FuzzRequest, status: number, text: string): boolean {
  if (status !== 404) {
    return false;
  }
  let expected: string;
  if (/^\/_security\/(user|role)\/[^/?]+(\?|$)/.test(request.target)) {
    expected = request.method === 'DELETE' ? '{"found":false}' : '{}';
  } else if (request.method === 'GET' && /^\/_security\/api_key(\?|$)/.test(request.target)) {
    expected = '{"api_keys":[]}';
  } else {
    return false;
  }
  try {
    return JSON.stringify(JSON.parse(text)) === expected;
  } catch {
    return false;
  }
}

/**
 * Whether serverless offline (its hapi server) answered instead of the stack: its route-not-found
 * and its own payload parsing. API Gateway passes such requests on, so they say nothing about
 * the service; the campaign counts them apart.
 */
export function isEmulatorResponse(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return (
      isObject(json) &&
      ((typeof json['statusCode'] === 'number' &&
        typeof json['error'] === 'string' &&
        typeof json['message'] === 'string') ||
        json['error'] === 'Serverless-offline: route not found.')
    );
  } catch {
    return false;
  }
}

/**
 * The fuzz property for one request: an answer within the bound; on Elasticsearch's routes a 2xx
 * or an ES-shaped 4xx; on the example API behind the authorizer, anything but a 5xx.
 */
export function verdict(
  request: FuzzRequest,
  outcome: Outcome,
  timeoutMillis: number,
): string | undefined {
  if (outcome.kind === 'timeout') {
    return `no answer within ${timeoutMillis} ms`;
  }
  if (outcome.kind === 'error') {
    return `connection failed: ${outcome.message}`;
  }
  const { status, body } = outcome.response;
  const es = request.target.startsWith('/_security');
  if (status >= 500) {
    return `status ${status}: ${body.toString('utf8').slice(0, 300)}`;
  }
  if (!es || (status >= 200 && status < 300)) {
    return status >= 200 ? undefined : `unexpected status ${status}`;
  }
  if (status < 400) {
    return `unexpected status ${status}`;
  }
  if (request.method === 'HEAD' || isEsNotFoundBody(request, status, body.toString('utf8'))) {
    return undefined;
  }
  const problem = esErrorShapeProblem(body.toString('utf8'), status);
  return problem === undefined
    ? undefined
    : `${status}: ${problem}: ${body.toString('utf8').slice(0, 300)}`;
}
