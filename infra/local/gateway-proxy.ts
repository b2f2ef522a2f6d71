import {
  createServer,
  request as forward,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { unsupportedContentType } from '../../functions/core/errors.js';
import { type GatewayResponse, readGatewayResponses, renderTemplate } from './gateway-responses.js';
import { HTTP_API_REFUSALS, matchesRoute, readHttpApiRoutes } from './http-api-routes.js';
import { forwardableHeaders } from './http-headers.js';

/**
 * A loopback proxy in front of serverless offline so the local stack answers as API Gateway does:
 * bodies are read whole (chunked or not) and forwarded with a content-length, each forwarded
 * request gets its own connection (offline leaves a GET's body unread on a kept-alive socket and
 * the next request fails), and offline's own 401/403 become the bodies of gateway-responses.yml.
 */
export interface GatewayProxyOptions {
  /** The port users connect to; 0 picks a free one. */
  port: number;
  /** serverless offline's HTTP port. */
  targetPort: number;
  /** API Gateway's payload limit, 10 MiB, by default. */
  maxBodyBytes?: number;
  /** API Gateway's integration timeout (29 s) plus a margin, by default. */
  upstreamTimeoutMillis?: number;
  /** One line per notable event (a gateway refusal); quiet when omitted. */
  log?: (line: string) => void;
}

export interface GatewayProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
/** API Gateway's response payload limit is 10 MB as well; a little slack for the headers. */
const MAX_RESPONSE_BYTES = 11 * 1024 * 1024;
const UPSTREAM_TIMEOUT_MILLIS = 30_000;
/** What the proxy sets itself on each hop. */
const SET_BY_PROXY: ReadonlySet<string> = new Set(['content-length', 'host']);
/** What offline itself answers when its authorizer refuses, mapped to AWS's response types. */
const REFUSALS: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'ACCESS_DENIED' };

export async function startGatewayProxy(options: GatewayProxyOptions): Promise<GatewayProxy> {
  const responses = readGatewayResponses();
  const httpApiRoutes = readHttpApiRoutes();
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const upstreamTimeoutMillis = options.upstreamTimeoutMillis ?? UPSTREAM_TIMEOUT_MILLIS;
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: 20_000,
      requestTimeout: 60_000,
      keepAliveTimeout: 5_000,
    },
    (request, response) => {
      readBody(request, maxBodyBytes).then(
        (body) => {
          if (body === undefined) {
            sendJson(response, 413, {
              error: `request body exceeds the gateway limit of ${maxBodyBytes} bytes`,
              status: 413,
            });
            response.once('finish', () => request.socket.destroy());
            return;
          }
          proxy(request, body, response);
        },
        () => request.socket.destroy(),
      );
    },
  );

  // Node answers a request it cannot parse (headers over the limit, a malformed request line)
  // with an empty body; Elasticsearch answers these with its error JSON.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end('HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n');
      return;
    }
    const [status, statusText, cause] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            {
              type: 'too_long_http_header_exception',
              reason: `HTTP header is larger than ${MAX_HEADER_BYTES} bytes.`,
            },
          ]
        : [
            400,
            'Bad Request',
            { type: 'illegal_argument_exception', reason: 'the request is not valid HTTP/1.1' },
          ];
    const body = JSON.stringify({ error: { root_cause: [cause], ...cause }, status });
    socket.end(
      `HTTP/1.1 ${status} ${statusText}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  function proxy(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const headers = forwardableHeaders(request.headersDistinct, SET_BY_PROXY);
    if (body.length > 0 || request.headers['content-length'] !== undefined) {
      headers['content-length'] = String(body.length);
    }
    const upstream = forward(
      {
        host: HOST,
        port: options.targetPort,
        method,
        path,
        headers: { ...headers, connection: 'close' },
        agent: false,
        timeout: upstreamTimeoutMillis,
      },
      (answer) => {
        readBody(answer, MAX_RESPONSE_BYTES).then(
          (payload) =>
            payload === undefined
              ? sendGatewayError(response, 502, 'Internal server error')
              : respond(request, method, path, answer, payload, response),
          () => sendGatewayError(response, 502, 'Bad Gateway'),
        );
      },
    );
    upstream.on('timeout', () => {
      upstream.destroy();
      sendGatewayError(response, 504, 'Endpoint request timed out');
    });
    upstream.on('error', () => sendGatewayError(response, 502, 'Bad Gateway'));
    upstream.end(body);
  }

  function respond(
    request: IncomingMessage,
    method: string,
    path: string,
    answer: IncomingMessage,
    payload: Buffer,
    response: ServerResponse,
  ): void {
    const status = answer.statusCode ?? 502;
    if ((status === 400 || status === 415) && isOfflineContentTypeRefusal(answer, payload)) {
      // API Gateway passes any content type on to the function, which answers ES's 406; offline's
      // own payload parser refuses some before the function runs.
      const refusal = unsupportedContentType(request.headersDistinct['content-type'] ?? []);
      sendJson(response, refusal.status, refusal.responseBody());
      return;
    }
    const refusal = REFUSALS[status];
    const gateway = refusal === undefined ? undefined : responses.get(refusal);
    if (gateway !== undefined && isOfflineRefusal(answer, payload)) {
      const pathOnly = path.split('?')[0] ?? path;
      options.log?.(`gateway ${status} ${method} ${pathOnly}: the authorizer refused the request`);
      const httpApiRefusal = httpApiRoutes.some((route) => matchesRoute(route, pathOnly))
        ? HTTP_API_REFUSALS[status]
        : undefined;
      if (httpApiRefusal !== undefined) {
        sendJson(response, status, httpApiRefusal);
      } else {
        sendGatewayResponse(response, gateway, method, pathOnly);
      }
      return;
    }
    const headers = forwardableHeaders(answer.headers, SET_BY_PROXY);
    headers['content-length'] = String(
      method === 'HEAD' ? (answer.headers['content-length'] ?? '0') : payload.length,
    );
    response.writeHead(status, headers);
    response.end(method === 'HEAD' ? undefined : payload);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: options.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The whole body, or undefined once it passes `limit` bytes. */
function readBody(stream: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
      } else if (!over) {
        chunks.push(chunk);
      }
    });
    stream.once('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.once('aborted', () => reject(new Error('aborted')));
  });
}

/** Offline's own refusals are hapi Boom bodies; the service's are ES errors with its product header. */
/** hapi's refusal of a content type it cannot parse: "Invalid content-type header…" or 415. */
function isOfflineContentTypeRefusal(answer: IncomingMessage, payload: Buffer): boolean {
  if (!isOfflineRefusal(answer, payload)) {
    return false;
  }
  const body = JSON.parse(payload.toString('utf8')) as { message?: unknown };
  return (
    answer.statusCode === 415 ||
    (typeof body.message === 'string' && body.message.startsWith('Invalid content-type header'))
  );
}

function isOfflineRefusal(answer: IncomingMessage, payload: Buffer): boolean {
  if (answer.headers['x-elastic-product'] !== undefined) {
    return false;
  }
  try {
    const body: unknown = JSON.parse(payload.toString('utf8'));
    return (
      typeof body === 'object' &&
      body !== null &&
      'statusCode' in body &&
      body.statusCode === answer.statusCode &&
      !('status' in body)
    );
  } catch {
    return false;
  }
}

function sendGatewayResponse(
  response: ServerResponse,
  gateway: GatewayResponse,
  method: string,
  path: string,
): void {
  const body = Buffer.from(renderTemplate(gateway.template, method, path));
  response.writeHead(gateway.status, {
    ...gateway.headers,
    'content-type': 'application/json',
    'content-length': String(body.length),
  });
  response.end(body);
}

function sendGatewayError(response: ServerResponse, status: number, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status, { message });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(text.length),
  });
  response.end(text);
}
