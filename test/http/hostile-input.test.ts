import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

const url = inject('offlineUrl');
const elastic = `Basic ${Buffer.from(`elastic:${inject('elasticPassword')}`).toString('base64')}`;

/** A raw request, so a header can be sent twice (fetch would merge the values into one). */
function send(
  method: string,
  path: string,
  headers: OutgoingHttpHeaders,
  body?: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(`${url}${path}`), { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: text === '' ? undefined : JSON.parse(text),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('hostile input through serverless-offline', () => {
  it('answers two different Authorization headers with ES`s 400', async () => {
    const wrong = `Basic ${Buffer.from('elastic:wrong').toString('base64')}`;

    const response = await send('GET', '/_security/_authenticate', {
      Authorization: [wrong, elastic],
    });

    expect(response).toEqual({
      status: 400,
      body: { error: 'multiple values for single-valued header [Authorization].', status: 400 },
    });
  });

  it('answers a text/plain body with ES`s 406', async () => {
    const body = JSON.stringify({ name: 'plain' });

    const response = await send(
      'POST',
      '/_security/api_key',
      { Authorization: elastic, 'Content-Type': 'text/plain', 'Content-Length': body.length },
      body,
    );

    expect(response).toEqual({
      status: 406,
      body: { error: 'Content-Type header [text/plain] is not supported', status: 406 },
    });
  });

  it('answers [ x 40,000 with a 400 x_content_parse_exception', async () => {
    const body = '['.repeat(40_000);

    const response = await send(
      'POST',
      '/_security/api_key',
      { Authorization: elastic, 'Content-Type': 'application/json', 'Content-Length': body.length },
      body,
    );

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: {
        type: 'x_content_parse_exception',
        caused_by: { type: 'stream_constraints_exception' },
      },
      status: 400,
    });
  });
});
