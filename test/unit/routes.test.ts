import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterInfo } from '../../functions/core/cluster.js';
import { fallbackResponse, orderedMethods } from '../../functions/core/routes.js';

interface Routes {
  fallbackEvents(): Promise<Array<{ http: { method: string; path: string } }>>;
  routeMethods(): Promise<string>;
}

const routes = createRequire(import.meta.url)('../../infra/routes.cjs') as Routes;

describe('the route fallback derived from serverless.yml', () => {
  let table: Record<string, string[]> = {};
  let anyPaths: string[] = [];
  beforeAll(async () => {
    table = JSON.parse(await routes.routeMethods()) as Record<string, string[]>;
    anyPaths = (await routes.fallbackEvents()).map((event) => event.http.path);
  });

  it('knows every declared resource with its methods', () => {
    expect(table['/_security/api_key']).toEqual(['DELETE', 'GET', 'POST', 'PUT']);
    expect(table['/_security/_authenticate']).toEqual(['GET']);
    expect(table['/_security/api_key/{ids}']).toEqual(['PUT']);
  });

  it('puts ANY on every declared resource, each parent and a catch-all, never twice', () => {
    for (const path of Object.keys(table)) {
      expect(anyPaths).toContain(path);
    }
    expect(anyPaths).toContain('/_security');
    expect(anyPaths).toContain('/_security/_query');
    expect(anyPaths).toContain('/example');
    expect(anyPaths).toContain('/{proxy+}');
    // Already ANY in serverless.yml: a second ANY on the same resource would not deploy.
    expect(anyPaths).not.toContain('/');
    expect(anyPaths).not.toContain('/example/{proxy+}');
    expect(new Set(anyPaths).size).toBe(anyPaths.length);
  });
});

describe('fallbackResponse', () => {
  it('orders methods as ES lists them', () => {
    expect(orderedMethods(['put', 'DELETE', 'GET', 'POST'])).toEqual([
      'GET',
      'POST',
      'PUT',
      'DELETE',
    ]);
  });

  it('is a 400 without status for an unknown path', () => {
    expect(fallbackResponse('GET', '/x?y', [])).toEqual({
      status: 400,
      body: { error: 'no handler found for uri [/x?y] and method [GET]' },
      headers: {},
    });
  });

  it('is a 405 with Allow for another method, and 200 with Allow for OPTIONS', () => {
    expect(fallbackResponse('PATCH', '/', ['HEAD', 'GET'])).toEqual({
      status: 405,
      body: {
        error: 'Incorrect HTTP method for uri [/] and method [PATCH], allowed: [GET, HEAD]',
        status: 405,
      },
      headers: { allow: 'GET,HEAD' },
    });
    expect(fallbackResponse('OPTIONS', '/', ['GET'])).toEqual({
      status: 200,
      body: undefined,
      headers: { allow: 'GET' },
    });
  });
});

describe('clusterInfo', () => {
  it('reports the release line of the configured major', () => {
    const eight = clusterInfo({
      nodeName: 'n',
      clusterName: 'c',
      clusterUuid: 'u',
      esVersion: '8.19.2',
    });

    expect(eight).toMatchObject({
      version: { number: '8.19.2', minimum_wire_compatibility_version: '7.17.0' },
    });
  });
});
