import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

const url = inject('offlineUrl');
const elastic = `Basic ${Buffer.from(`elastic:${inject('elasticPassword')}`).toString('base64')}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reusedSocket: boolean;
  localPort: number | undefined;
}

/** One request with node:http, so chunked bodies and connection reuse are under our control. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; chunks?: string[]; agent?: Agent } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        headers: options.headers ?? {},
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            reusedSocket: req.reusedSocket,
            localPort: req.socket?.localPort,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.chunks !== undefined) {
      // Node frames GET and DELETE bodies as chunked only when told to.
      req.setHeader('transfer-encoding', 'chunked');
    }
    void (async () => {
      for (const chunk of options.chunks ?? []) {
        req.write(chunk);
        // Separate packets, as a streaming client sends them: offline answers a GET before its
        // body has arrived, then closes the kept-alive connection under the client.
        await new Promise((next) => setTimeout(next, 200));
      }
      req.end();
    })();
  });
}

async function createKey(name: string): Promise<string> {
  const response = await fetch(`${url}/_security/api_key`, {
    method: 'POST',
    headers: { authorization: elastic, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return ((await response.json()) as { id: string }).id;
}

describe('the local gateway proxy in front of serverless offline', () => {
  it('reads a chunked DELETE body like any other', async () => {
    const id = await createKey(`chunked-${Date.now()}`);

    const answer = await send('DELETE', '/_security/api_key', {
      headers: { authorization: elastic, 'content-type': 'application/json' },
      chunks: ['{"ids":', `["${id}"]}`],
    });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ invalidated_api_keys: [id] });
  });

  it('keeps a kept-alive connection usable after a GET with a body', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send('GET', '/_security/_query/api_key', {
        headers: { authorization: elastic, 'content-type': 'application/json' },
        chunks: ['{"query":', '{"match_all":', '{}}}'],
        agent,
      });
      const second = await send('GET', '/_security/_authenticate', {
        headers: { authorization: elastic },
        agent,
      });

      expect(first.status).toBeLessThan(500);
      expect(second.reusedSocket).toBe(true);
      expect(second.localPort).toBe(first.localPort);
      expect(second.status).toBe(200);
      expect(JSON.parse(second.body)).toMatchObject({ username: 'elastic' });
    } finally {
      agent.destroy();
    }
  });

  it('answers a refused request with the 401 of infra/gateway-responses.yml', async () => {
    const yml = readFileSync(new URL('../../infra/gateway-responses.yml', import.meta.url), 'utf8');

    const answer = await send('GET', '/example/orders');

    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('ApiKey');
    expect(yml).toContain(`application/json: '${answer.body}'`);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { type: 'security_exception' },
      status: 401,
    });
  });

  it('answers a key without the route`s privilege with the ES-shaped 403', async () => {
    const created = await fetch(`${url}/_security/api_key`, {
      method: 'POST',
      headers: { authorization: elastic, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `no-example-${Date.now()}`,
        role_descriptors: { none: { cluster: [] } },
      }),
    });
    const { encoded } = (await created.json()) as { encoded: string };

    const answer = await send('POST', '/example/orders/7?x=1', {
      headers: { authorization: `ApiKey ${encoded}` },
    });

    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        root_cause: [
          {
            type: 'security_exception',
            reason: 'action [POST /example/orders/7] is unauthorized for these credentials',
          },
        ],
        type: 'security_exception',
        reason: 'action [POST /example/orders/7] is unauthorized for these credentials',
      },
      status: 403,
    });
  });

  it('passes the service`s own 401 through untouched', async () => {
    const answer = await send('GET', '/_security/_authenticate', {
      headers: { authorization: 'ApiKey bm9wZTpub3Bl' },
    });

    expect(answer.status).toBe(401);
    expect(answer.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { additional_unsuccessful_credentials: expect.stringContaining('API key') },
    });
  });
});

describe('the local stack`s listeners', () => {
  it('listen on loopback only (what `ss -ltn` shows, read from /proc/net)', () => {
    const ports = inject('stackPorts');
    const listeners = listening();

    for (const port of ports) {
      const addresses = listeners.filter((entry) => entry.port === port).map((e) => e.address);
      expect(addresses.length, `nothing listens on ${port}`).toBeGreaterThan(0);
      for (const address of addresses) {
        expect(address, `port ${port}`).toMatch(
          /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/,
        );
      }
    }
  });
});

/** Listening TCP sockets from /proc/net/tcp and tcp6 (state 0A), as `ss -ltn` lists them. */
function listening(): Array<{ address: string; port: number }> {
  const entries: Array<{ address: string; port: number }> = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (fields[3] !== '0A' || local === undefined) {
        continue;
      }
      const [hex = '', portHex = ''] = local.split(':');
      entries.push({ address: decodeAddress(hex), port: Number.parseInt(portHex, 16) });
    }
  }
  return entries;
}

function decodeAddress(hex: string): string {
  // /proc/net prints each 32-bit word in host (little-endian) byte order.
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)),
  );
  if (bytes.length === 4) {
    return bytes.join('.');
  }
  const isMapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (isMapped) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  }
  const full = groups.join(':');
  return full === '0:0:0:0:0:0:0:1' ? '::1' : full === '0:0:0:0:0:0:0:0' ? '::' : full;
}
