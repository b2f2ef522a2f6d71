import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import {
  apiKeyAuth,
  basicAuth,
  invoke,
  type LambdaHandler,
  lambdaContext,
  type RestRequest,
  restEvent,
} from '../support/events.js';
import {
  createKey,
  ELASTIC,
  ELASTIC_PASSWORD,
  unique,
  useHandlerEnvironment,
} from '../support/handler-env.js';

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  body: any;
}

/** Invokes a handler with an event the test shaped by hand (repeated headers, base64 bodies). */
async function send(
  handler: LambdaHandler,
  request: RestRequest,
  shape: (event: APIGatewayProxyEvent) => APIGatewayProxyEvent,
): Promise<Answer> {
  const result = (await handler(shape(restEvent(request)), lambdaContext)) as APIGatewayProxyResult;
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

const create = (body: unknown, headers: Record<string, string> = ELASTIC): RestRequest => ({
  method: 'POST',
  path: '/_security/api_key',
  headers,
  body,
});

const withoutContentType = (event: APIGatewayProxyEvent): APIGatewayProxyEvent => {
  const { 'content-type': _h, ...headers } = event.headers;
  const { 'content-type': _m, ...multiValueHeaders } = event.multiValueHeaders;
  return { ...event, headers, multiValueHeaders };
};

const base64 = (event: APIGatewayProxyEvent, bytes: Buffer): APIGatewayProxyEvent => ({
  ...event,
  body: bytes.toString('base64'),
  isBase64Encoded: true,
});

/** The documented body limit (functions/http/request-body.ts). */
const MAX_BODY_BYTES = 1_048_576;

const DEPTH_REASON =
  'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)';

describe('hostile input at the HTTP edge', () => {
  beforeAll(useHandlerEnvironment);

  describe('JSON nesting and size', () => {
    it.each([
      ['[ x 40,000', '['.repeat(40_000)],
      ['{"a": x 20,000', '{"a":'.repeat(20_000)],
      [
        'metadata nested 1,001 deep',
        `{"name":"n","metadata":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`,
      ],
    ])('answers %s with a 400 x_content_parse_exception, not a 500', async (_label, text) => {
      const response = await invoke(createApiKey, create(text));

      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        type: 'x_content_parse_exception',
        reason: DEPTH_REASON,
        caused_by: { type: 'stream_constraints_exception' },
      });
    });

    it('answers a body over 1 MB with 413 before authenticating', async () => {
      const text = JSON.stringify({ name: 'n', metadata: { pad: 'x'.repeat(MAX_BODY_BYTES) } });

      const response = await invoke(createApiKey, create(text, {}));

      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({
        error: { type: 'status_exception' },
        status: 413,
      });
      expect(response.body.error.reason).toContain(`the limit is [${MAX_BODY_BYTES}] bytes`);
    });
  });

  describe('Content-Type', () => {
    it('answers a text/plain body with 406 `Content-Type header [text/plain] is not supported`', async () => {
      const response = await invoke(
        createApiKey,
        create({ name: unique('k') }, { ...ELASTIC, 'Content-Type': 'text/plain' }),
      );

      expect(response.status).toBe(406);
      expect(response.body).toEqual({
        error: 'Content-Type header [text/plain] is not supported',
        status: 406,
      });
    });

    it('answers a body without a content type with 406 `Content-Type header is missing`', async () => {
      const response = await send(createApiKey, create({ name: unique('k') }), withoutContentType);

      expect(response).toEqual({
        status: 406,
        body: { error: 'Content-Type header is missing', status: 406 },
      });
    });

    it('checks the content type before authentication, as ES does', async () => {
      const response = await invoke(
        createApiKey,
        create({ name: unique('k') }, { 'Content-Type': 'text/plain' }),
      );

      expect(response.status).toBe(406);
    });

    it.each([
      'application/json; charset=UTF-8',
      'application/vnd.elasticsearch+json; compatible-with=8',
      'application/vnd.elasticsearch+json; compatible-with=9',
    ])('accepts %s', async (contentType) => {
      const name = unique('k');

      const response = await invoke(
        createApiKey,
        create({ name }, { ...ELASTIC, 'Content-Type': contentType }),
      );

      expect(response.status).toBe(200);
      expect(response.body.name).toBe(name);
    });

    it('needs no content type on a bodyless request', async () => {
      const response = await send(
        authenticate,
        { method: 'GET', path: '/_security/_authenticate', headers: ELASTIC },
        withoutContentType,
      );

      expect(response.status).toBe(200);
      expect(response.body.username).toBe('elastic');
    });
  });

  describe('UTF-8', () => {
    it('decodes a base64 body strictly and keeps its characters', async () => {
      const name = `${unique('k')}-é✓😀`;
      const bytes = Buffer.from(JSON.stringify({ name }), 'utf8');

      const response = await send(createApiKey, create({}), (event) => base64(event, bytes));

      expect(response.status).toBe(200);
      expect(response.body.name).toBe(name);
    });

    it('answers invalid UTF-8 in a base64 body with a 400 instead of replacing the bytes', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"name":"bad'),
        Buffer.from([0xff]),
        Buffer.from('"}'),
      ]);

      const response = await send(createApiKey, create({}), (event) => base64(event, bytes));

      expect(response.status).toBe(400);
      expect(response.body.error.type).toBe('x_content_parse_exception');
      expect(response.body.error.reason).toMatch(/^\[1:14\] Invalid UTF-8 start byte 0xff\n/);
    });
  });

  describe('several Authorization headers', () => {
    it('answers two different values with 400 `multiple values for single-valued header [Authorization].`', async () => {
      const key = await createKey(ELASTIC);
      const values = [
        apiKeyAuth(key.encoded)['Authorization'] ?? '',
        ELASTIC['Authorization'] ?? '',
      ];

      const response = await send(
        authenticate,
        { method: 'GET', path: '/_security/_authenticate', headers: ELASTIC },
        (event) => ({ ...event, multiValueHeaders: { Authorization: values } }),
      );

      expect(response).toEqual({
        status: 400,
        body: { error: 'multiple values for single-valued header [Authorization].', status: 400 },
      });
    });

    it('refuses them even when one of them is not valid credentials', async () => {
      const wrong = basicAuth('elastic', `${ELASTIC_PASSWORD}-wrong`)['Authorization'] ?? '';

      const response = await send(
        authenticate,
        { method: 'GET', path: '/_security/_authenticate', headers: ELASTIC },
        (event) => ({
          ...event,
          multiValueHeaders: { authorization: [wrong, ELASTIC['Authorization'] ?? ''] },
        }),
      );

      expect(response.status).toBe(400);
    });

    it('accepts the same value sent twice', async () => {
      const response = await send(
        authenticate,
        { method: 'GET', path: '/_security/_authenticate', headers: ELASTIC },
        (event) => ({
          ...event,
          multiValueHeaders: {
            Authorization: [ELASTIC['Authorization'] ?? '', ELASTIC['Authorization'] ?? ''],
          },
        }),
      );

      expect(response.status).toBe(200);
    });
  });

  describe('ids and names per request', () => {
    const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => `id-${i}`);

    it('answers an invalidate of 10,001 ids with a 400 naming the limit', async () => {
      const response = await invoke(invalidate, {
        method: 'DELETE',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { ids: ids(10_001) },
      });

      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        type: 'action_request_validation_exception',
        reason:
          'Validation Failed: 1: Field [ids] may not contain more than [10000] ids, but got [10001];',
      });
    });

    it('answers a bulk update of 10,001 ids with a 400 naming the limit', async () => {
      const response = await invoke(bulkUpdate, {
        method: 'POST',
        path: '/_security/api_key/_bulk_update',
        headers: ELASTIC,
        body: { ids: ids(10_001) },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.reason).toBe(
        'Validation Failed: 1: Field [ids] may not contain more than [10000] ids, but got [10001];',
      );
    });

    it('answers an id too long for any key as matching nothing, as ES does, not a 400', async () => {
      const response = await invoke(invalidate, {
        method: 'DELETE',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { ids: ['a', 'x'.repeat(100_000)] },
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        invalidated_api_keys: [],
        previously_invalidated_api_keys: [],
        error_count: 0,
      });
    });

    it('answers an invalidate name pattern longer than 1,024 characters with a 400', async () => {
      const response = await invoke(invalidate, {
        method: 'DELETE',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { name: `${'*'.repeat(1024)}x` },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.reason).toBe(
        'Validation Failed: 1: Field [name] may not be more than [1024] characters long, but got [1025];',
      );
    });

    it('answers a get name parameter longer than 1,024 characters with a 400', async () => {
      const response = await invoke(getApiKeys, {
        method: 'GET',
        path: '/_security/api_key',
        headers: ELASTIC,
        query: { name: `${'*'.repeat(2000)}x` },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.reason).toBe(
        'Validation Failed: 1: Parameter [name] may not be more than [1024] characters long, but got [2001];',
      );
    });

    it('still answers a get name pattern at the limit', async () => {
      const response = await invoke(getApiKeys, {
        method: 'GET',
        path: '/_security/api_key',
        headers: ELASTIC,
        query: { name: `${'*'.repeat(1023)}x` },
      });

      expect(response.status).toBe(200);
    });
  });
});
