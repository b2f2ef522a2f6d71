import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/authorizer.js';
import { apiKeyAuth } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment } from '../support/handler-env.js';
import { API_ARN as ARN, restEvent as event } from './authorizer-adapters.js';

/** The documented bound on the context's metadata JSON (functions/http/authorizer/authorize-request.ts). */
const MAX_CONTEXT_METADATA_BYTES = 8192;

const app = (privileges: string[], resources: string[], application = 'example') => ({
  r: { applications: [{ application, privileges, resources }] },
});

describe('authorizer decisions', () => {
  beforeAll(useHandlerEnvironment);

  it.each([
    [app(['read'], ['*']), 'GET', '/example/a', 'Allow'],
    [app(['read'], ['*']), 'HEAD', '/example/a', 'Allow'],
    [app(['read'], ['*']), 'POST', '/example/a', 'Deny'],
    [app(['write'], ['*']), 'DELETE', '/example/a', 'Allow'],
    [app(['write'], ['*']), 'GET', '/example/a', 'Deny'],
    [app(['all'], ['/example/orders/*']), 'PATCH', '/example/orders/7', 'Allow'],
    [app(['*'], ['/example/orders/*']), 'GET', '/example/users/7', 'Deny'],
    [app(['read'], ['*'], 'exa*'), 'GET', '/example/a', 'Allow'],
    [app(['read'], ['*'], 'other'), 'GET', '/example/a', 'Deny'],
    [{ r: { indices: [{ names: ['*'], privileges: ['all'] }] } }, 'GET', '/example/a', 'Deny'],
  ])('%j on %s %s → %s', async (descriptors, method, path, effect) => {
    const key = await createKey(ELASTIC, { role_descriptors: descriptors });

    const result = await handler(event(method, path, apiKeyAuth(key.encoded)));

    expect(result.principalId).toBe(key.id);
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: effect, Resource: `${ARN}/${method}${path}` },
    ]);
  });

  it('scopes an Allow to the one method ARN, so a cached result cannot open another route', async () => {
    const key = await createKey(ELASTIC);

    const result = await handler(event('GET', '/example/a', apiKeyAuth(key.encoded)));

    const resources = result.policyDocument.Statement.map((s) =>
      'Resource' in s ? s.Resource : undefined,
    );
    expect(resources).toEqual([`${ARN}/GET/example/a`]);
  });

  it('passes only flat string context values naming the key, owner and metadata', async () => {
    const key = await createKey(ELASTIC, { metadata: { team: { name: 'x' } } });

    const result = await handler(event('GET', '/example/a', apiKeyAuth(key.encoded)));

    expect(result.context).toEqual({
      apiKeyId: key.id,
      apiKeyName: key.name,
      username: 'elastic',
      realm: 'reserved',
      metadata: '{"team":{"name":"x"}}',
      metadataTruncated: false,
    });
    for (const value of Object.values(result.context ?? {})) {
      expect(['string', 'number', 'boolean']).toContain(typeof value);
    }
  });

  it('throws Unauthorized (401) for missing, malformed, unknown and expired credentials', async () => {
    const expired = await createKey(ELASTIC, { expiration: '0s' });

    for (const headers of [
      {},
      { Authorization: 'ApiKey not-base64!' },
      apiKeyAuth(Buffer.from('nope:nope').toString('base64')),
      apiKeyAuth(expired.encoded),
    ]) {
      await expect(handler(event('GET', '/example/a', headers))).rejects.toThrow('Unauthorized');
    }
  });

  it('refuses several different Authorization headers with 401 rather than pick one', async () => {
    const key = await createKey(ELASTIC, { role_descriptors: app(['read'], ['*']) });
    const valid = apiKeyAuth(key.encoded)['Authorization'] ?? '';
    const unknown = apiKeyAuth(Buffer.from('nope:nope').toString('base64'))['Authorization'] ?? '';

    // API Gateway keeps the last value in `headers` and all of them in `multiValueHeaders`.
    for (const values of [
      [unknown, valid],
      [valid, unknown],
      [valid, 'Basic Zm9vOmJhcg=='],
    ]) {
      const request = event(
        'GET',
        '/example/a',
        { Authorization: valid },
        { Authorization: values },
      );
      await expect(handler(request)).rejects.toThrow('Unauthorized');
    }
  });

  it('accepts the same Authorization value repeated, as ES does', async () => {
    const key = await createKey(ELASTIC, { role_descriptors: app(['read'], ['*']) });
    const valid = apiKeyAuth(key.encoded)['Authorization'] ?? '';

    const result = await handler(
      event('GET', '/example/a', { Authorization: valid }, { authorization: [valid, valid] }),
    );

    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('passes metadata up to the bound and a truncation marker beyond it', async () => {
    const small = { note: 'x'.repeat(MAX_CONTEXT_METADATA_BYTES - 20) };
    const large = { note: 'x'.repeat(100_000) };
    const smallKey = await createKey(ELASTIC, { metadata: small });
    const largeKey = await createKey(ELASTIC, { metadata: large });

    const allowedSmall = await handler(event('GET', '/example/a', apiKeyAuth(smallKey.encoded)));
    const allowedLarge = await handler(event('GET', '/example/a', apiKeyAuth(largeKey.encoded)));

    expect(allowedSmall.context).toMatchObject({
      metadata: JSON.stringify(small),
      metadataTruncated: false,
    });
    expect(allowedLarge.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(allowedLarge.context).toMatchObject({ apiKeyId: largeKey.id, metadataTruncated: true });
    expect(allowedLarge.context).not.toHaveProperty('metadata');
    expect(JSON.stringify(allowedLarge).length).toBeLessThan(MAX_CONTEXT_METADATA_BYTES);
  });
});
