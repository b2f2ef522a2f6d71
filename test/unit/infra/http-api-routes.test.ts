import { describe, expect, it } from 'vitest';
import { matchesRoute, readHttpApiRoutes } from '../../../infra/local/http-api-routes.js';

describe('the local proxy’s view of the HTTP API routes', () => {
  it('reads the example HTTP API route from serverless.yml', () => {
    expect(readHttpApiRoutes()).toEqual(['/example-http/{proxy+}']);
  });

  it.each([
    ['/example-http/{proxy+}', '/example-http/a', true],
    ['/example-http/{proxy+}', '/example-http/a/b?x=1', true],
    ['/example-http/{proxy+}', '/example-http/', false],
    ['/example-http/{proxy+}', '/example-http', false],
    ['/example-http/{proxy+}', '/example/a', false],
    ['/orders/{id}', '/orders/7', true],
    ['/orders/{id}', '/orders/7/items', false],
    ['/orders/{id}', '/orders/', false],
    ['/orders', '/orders', true],
    ['/orders', '/orders/7', false],
  ])('%s covers %s: %s', (template, path, expected) => {
    expect(matchesRoute(template, path)).toBe(expected);
  });
});
