import { authorizationHeader, type Credentials } from './credentials';

const REQUEST_TIMEOUT_MILLIS = 30_000;

/** An Elasticsearch error response, or a transport failure described the same way. */
export class EsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'EsRequestError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads ES's `{"error":{"type","reason"},"status"}`; anything else keeps the HTTP status text. */
export function errorFromResponse(
  status: number,
  statusText: string,
  body: unknown,
): EsRequestError {
  if (isRecord(body)) {
    const error = body['error'];
    if (isRecord(error) && typeof error['reason'] === 'string') {
      const type = typeof error['type'] === 'string' ? error['type'] : 'exception';
      return new EsRequestError(status, type, error['reason']);
    }
    if (typeof error === 'string') {
      return new EsRequestError(status, 'exception', error);
    }
    if (typeof body['message'] === 'string') {
      return new EsRequestError(status, 'exception', body['message']);
    }
  }
  return new EsRequestError(status, 'http_error', `${status} ${statusText}`.trim());
}

export interface EsRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/** Calls the ES-compatible API on this page's own origin with the signed-in user's credentials. */
export async function esRequest<T>(credentials: Credentials, request: EsRequest): Promise<T> {
  const headers: Record<string, string> = {
    authorization: authorizationHeader(credentials),
    accept: 'application/json',
  };
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(request.path, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      // No ambient credentials: the browser then never answers a 401 challenge with its own
      // Basic-auth dialog (Fetch: the prompt only happens when credentials are included).
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MILLIS),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EsRequestError(0, 'connection_error', `The API could not be reached: ${reason}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    throw errorFromResponse(response.status, response.statusText, body);
  }
  return body as T;
}
