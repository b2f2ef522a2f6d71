import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/authorizer-http-api.js';
import { apiKeyAuth } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment } from '../support/handler-env.js';
import { httpApiEvent } from './authorizer-adapters.js';

const ordersReader = {
  role_descriptors: {
    r: {
      applications: [
        { application: 'example', privileges: ['read'], resources: ['/example-http/orders/*'] },
      ],
    },
  },
};

describe('the HTTP API authorizer (payload 2.0, resource = raw path)', () => {
  beforeAll(useHandlerEnvironment);

  it('decides per path, so one identity gets different answers on one route: nothing to cache', async () => {
    const key = await createKey(ELASTIC, ordersReader);
    const auth = apiKeyAuth(key.encoded);

    // Both requests match the same route and carry the same identity source: an HTTP API result
    // cache would have answered the second with the first's `isAuthorized: true`.
    const orders = await handler(httpApiEvent('GET', '/example-http/orders/7', auth));
    const users = await handler(httpApiEvent('GET', '/example-http/users/7', auth));
    const write = await handler(httpApiEvent('POST', '/example-http/orders/7', auth));

    expect(orders).toMatchObject({ isAuthorized: true });
    expect(users).toEqual({ isAuthorized: false });
    expect(write).toEqual({ isAuthorized: false });
  });

  it('does not match route keys by default (AUTHORIZER_RESOURCE=path)', async () => {
    const key = await createKey(ELASTIC, {
      role_descriptors: {
        r: {
          applications: [
            { application: 'example', privileges: ['read'], resources: ['ANY /example-http/*'] },
          ],
        },
      },
    });

    const result = await handler(httpApiEvent('GET', '/example-http/a', apiKeyAuth(key.encoded)));

    expect(result).toEqual({ isAuthorized: false });
  });

  it('takes the application from the esApplication stage variable', async () => {
    const key = await createKey(ELASTIC, {
      role_descriptors: {
        r: { applications: [{ application: 'orders', privileges: ['read'], resources: ['*'] }] },
      },
    });
    const event = httpApiEvent('GET', '/example-http/a', apiKeyAuth(key.encoded));

    const asExample = await handler(event);
    const asOrders = await handler({ ...event, stageVariables: { esApplication: 'orders' } });

    expect(asExample).toEqual({ isAuthorized: false });
    expect(asOrders).toMatchObject({ isAuthorized: true });
  });

  it('refuses repeated Authorization headers, which payload 2.0 joins with a comma', async () => {
    const key = await createKey(ELASTIC, ordersReader);
    const value = apiKeyAuth(key.encoded)['Authorization'];

    const joined = handler(
      httpApiEvent('GET', '/example-http/orders/1', { authorization: `${value},${value}` }),
    );

    await expect(joined).rejects.toThrow('Unauthorized');
  });
});
