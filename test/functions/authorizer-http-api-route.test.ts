import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/authorizer-http-api.js';
import { apiKeyAuth } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment } from '../support/handler-env.js';
import { httpApiEvent } from './authorizer-adapters.js';

const keyOn = (resources: string[], privileges = ['read']) =>
  createKey(ELASTIC, {
    role_descriptors: { r: { applications: [{ application: 'example', privileges, resources }] } },
  });

describe('the HTTP API authorizer with AUTHORIZER_RESOURCE=route', () => {
  beforeAll(async () => {
    process.env['AUTHORIZER_RESOURCE'] = 'route';
    await useHandlerEnvironment();
  });

  it('matches privileges against the route key, and the method against the request', async () => {
    const key = await keyOn(['GET /orders/{id}']);
    const auth = apiKeyAuth(key.encoded);

    const route = await handler(httpApiEvent('GET', '/orders/7', auth, 'GET /orders/{id}'));
    const otherRoute = await handler(httpApiEvent('GET', '/orders/7', auth, 'ANY /{proxy+}'));

    expect(route).toMatchObject({ isAuthorized: true });
    expect(otherRoute).toEqual({ isAuthorized: false });
  });

  it('no longer matches raw paths', async () => {
    const key = await keyOn(['/orders/*']);

    const result = await handler(
      httpApiEvent('GET', '/orders/7', apiKeyAuth(key.encoded), 'GET /orders/{id}'),
    );

    expect(result).toEqual({ isAuthorized: false });
  });

  it('still takes read or write from the request method on an ANY route', async () => {
    const key = await keyOn(['ANY /example-http/{proxy+}']);
    const auth = apiKeyAuth(key.encoded);

    const get = await handler(httpApiEvent('GET', '/example-http/a', auth));
    const del = await handler(httpApiEvent('DELETE', '/example-http/a', auth));

    expect(get).toMatchObject({ isAuthorized: true });
    expect(del).toEqual({ isAuthorized: false });
  });
});
