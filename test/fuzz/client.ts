import { request as httpRequest } from 'node:http';
import type { FuzzRequest } from './requests.js';

export interface FuzzResponse {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** The outcome of one request: a response, or why none came within the bound. */
export type Outcome =
  | { kind: 'response'; response: FuzzResponse }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/**
 * Sends a request with Node's HTTP client rather than fetch, so headers go out exactly as
 * generated (a repeated Authorization stays two headers) and bodies as raw bytes.
 */
export function send(
  baseUrl: string,
  request: FuzzRequest,
  timeoutMillis: number,
): Promise<Outcome> {
  const url = new URL(baseUrl);
  // Raw header lists get no defaults from Node: Host is required by HTTP/1.1.
  const headers: string[] = ['host', url.host, ...request.headers.flat()];
  if (request.body !== undefined) {
    headers.push('content-length', String(request.body.length));
  }
  return new Promise((resolve) => {
    const signal = AbortSignal.timeout(timeoutMillis);
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        headers,
        signal,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            kind: 'response',
            response: {
              status: incoming.statusCode ?? 0,
              contentType: incoming.headers['content-type'],
              body: Buffer.concat(chunks),
            },
          }),
        );
        incoming.on('error', (error) =>
          resolve(signal.aborted ? { kind: 'timeout' } : { kind: 'error', message: error.message }),
        );
      },
    );
    outgoing.on('error', (error) =>
      resolve(signal.aborted ? { kind: 'timeout' } : { kind: 'error', message: error.message }),
    );
    outgoing.end(request.body);
  });
}
