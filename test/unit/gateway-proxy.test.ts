import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProxy, startGatewayProxy } from '../../infra/local/gateway-proxy.js';

let target: Server;
let proxy: GatewayProxy;
const seen: Array<{ headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  target = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      if (req.url === '/hapi-refuses') {
        // What serverless offline's hapi answers for a content type its payload parser rejects.
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"statusCode":400,"error":"Bad Request","message":"Invalid content-type header"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  proxy = await startGatewayProxy({
    port: 0,
    targetPort: (target.address() as AddressInfo).port,
    maxBodyBytes: 64,
  });
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => target.close(resolve));
});

function send(
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${proxy.url}/x`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) {
      req.write(chunk);
    }
    req.end();
  });
}

describe('the gateway proxy`s bounds and framing', () => {
  it('forwards a chunked body whole, with a content-length and no transfer-encoding', async () => {
    const answer = await send({ 'transfer-encoding': 'chunked' }, ['{"a":', '1}']);

    expect(answer.status).toBe(200);
    expect(seen.at(-1)?.body).toBe('{"a":1}');
    expect(seen.at(-1)?.headers['content-length']).toBe('7');
    expect(seen.at(-1)?.headers['transfer-encoding']).toBeUndefined();
  });

  it('refuses a body over the limit with 413 without forwarding it', async () => {
    const before = seen.length;

    const answer = await send({ 'transfer-encoding': 'chunked' }, ['x'.repeat(40), 'y'.repeat(40)]);

    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
    expect(seen.length).toBe(before);
  });

  it('refuses headers over 16 KB with 431 and an Elasticsearch-shaped body, not an empty one', async () => {
    const answer = await send({ 'x-big': 'h'.repeat(20_000) }, []);

    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        root_cause: [
          {
            type: 'too_long_http_header_exception',
            reason: 'HTTP header is larger than 16384 bytes.',
          },
        ],
        type: 'too_long_http_header_exception',
        reason: 'HTTP header is larger than 16384 bytes.',
      },
      status: 431,
    });
  });

  it('answers a content type offline`s parser refuses as the service would: ES`s 406', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${proxy.url}/hapi-refuses`,
        { method: 'POST', headers: { 'content-type': 'application/json, text/plain' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });

    expect(answer.status).toBe(406);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'Content-Type header [application/json, text/plain] is not supported',
      status: 406,
    });
  });
});
