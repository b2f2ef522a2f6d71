import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { getServices } from '../container.js';
import { fallbackResponse } from '../core/routes.js';
import { esHandler } from '../http/es-handler.js';
import { esResponse } from '../http/es-response.js';

const PAYLOAD_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-type']);

function withoutPayloadHeaders<T>(headers: Record<string, T> | null): Record<string, T> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => !PAYLOAD_HEADERS.has(name.toLowerCase())),
  );
}

/**
 * Only the credentials matter before ES's routing answer: its parameters and body are never
 * read, so they cannot turn a 400/405 into a parameter or parse error. The multi-value query
 * stays, since it spells the uri the answer quotes.
 */
function credentialsOnly(event: APIGatewayProxyEvent): APIGatewayProxyEvent {
  return {
    ...event,
    body: null,
    isBase64Encoded: false,
    queryStringParameters: null,
    headers: withoutPayloadHeaders(event.headers),
    multiValueHeaders: withoutPayloadHeaders(event.multiValueHeaders),
  };
}

// Authentication only: ES 8+ authenticates every request before it routes it.
const authenticateOnly = esHandler(
  () => getServices().authenticator,
  async ({ method, uri }) => ({ body: { method, uri } }),
);

/**
 * ES's answer for a request no handler takes: 400 for an unknown path, 405 with `Allow` for a
 * known path and another method, and 200 with `Allow` for OPTIONS (unauthenticated, as CORS
 * preflights are in ES).
 */
export async function routeFallback(
  event: APIGatewayProxyEvent,
  context: Context,
  allowed: readonly string[],
): Promise<APIGatewayProxyResult> {
  const method = event.httpMethod.toUpperCase();
  if (method === 'OPTIONS') {
    const { headers } = fallbackResponse(method, event.path, allowed);
    return {
      statusCode: 200,
      headers: { ...headers, 'content-type': 'text/plain; charset=UTF-8' },
      body: '',
    };
  }
  const authenticated = await authenticateOnly(credentialsOnly(event), context);
  if (authenticated.statusCode !== 200) {
    return authenticated;
  }
  const { uri } = JSON.parse(authenticated.body) as { uri: string };
  const answer = fallbackResponse(method, uri, allowed);
  const response = esResponse(answer.status, answer.body, { pretty: false });
  return { ...response, headers: { ...response.headers, ...answer.headers } };
}

/** The catch-all routes (`ANY /{proxy+}` and `ANY` on every known resource). */
export async function handler(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  const allowed = getServices().config.routeMethods.get(event.resource) ?? [];
  return routeFallback(event, context, allowed);
}
