import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/authorizer-websocket.js';
import { apiKeyAuth } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment } from '../support/handler-env.js';
import { API_ARN, websocketEvent } from './authorizer-adapters.js';

const connectKey = (privileges: string[]) =>
  createKey(ELASTIC, {
    role_descriptors: {
      r: { applications: [{ application: 'example', privileges, resources: ['$connect'] }] },
    },
  });

const effectOf = (result: Awaited<ReturnType<typeof handler>>) =>
  result.policyDocument.Statement[0]?.Effect;

describe('the WebSocket $connect authorizer', () => {
  beforeAll(useHandlerEnvironment);

  it('takes the credentials from the authorization query parameter (browsers cannot set headers)', async () => {
    const key = await connectKey(['read']);
    const value = apiKeyAuth(key.encoded)['Authorization'] ?? '';

    const result = await handler(websocketEvent({}, { authorization: value }));

    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${API_ARN}/$connect` },
    ]);
    expect(result.context).toMatchObject({ apiKeyId: key.id });
  });

  it('refuses a header and a query parameter that disagree', async () => {
    const key = await connectKey(['read']);
    const other = await connectKey(['read']);

    const result = handler(
      websocketEvent(apiKeyAuth(key.encoded), {
        authorization: apiKeyAuth(other.encoded)['Authorization'] ?? '',
      }),
    );

    await expect(result).rejects.toThrow('Unauthorized');
  });

  it('lets a connection open on read (the upgrade is a GET) and not on write alone', async () => {
    const reader = await connectKey(['read']);
    const writer = await connectKey(['write']);

    expect(effectOf(await handler(websocketEvent(apiKeyAuth(reader.encoded))))).toBe('Allow');
    expect(effectOf(await handler(websocketEvent(apiKeyAuth(writer.encoded))))).toBe('Deny');
  });
});
