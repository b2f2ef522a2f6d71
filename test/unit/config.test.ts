import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config).toEqual({
      region: 'us-east-1',
      dynamodbEndpoint: undefined,
      storeTimeouts: { connectMillis: 1_000, requestMillis: 1_500, maxAttempts: 3 },
      apiKeysTable: 'es-api-keys-local-api-keys',
      usersTable: 'es-api-keys-local-users',
      rolesTable: 'es-api-keys-local-roles',
      elasticPassword: undefined,
      elasticPasswordParameter: undefined,
      apiKeyHashing: { name: 'bcrypt', cost: 10 },
      passwordHashing: { name: 'bcrypt', cost: 10 },
      retentionMillis: 7 * 86_400_000,
      apiKeyLifetime: {},
      cacheTtlMillis: 86_400_000,
      cacheMaxKeys: 25_000,
      lastUsedResolutionMillis: 3_600_000,
      metricsNamespace: undefined,
      authorizerApplication: 'example',
      authorizerResource: 'path',
      authorizerCacheStages: [],
      clusterName: 'es-api-keys',
      nodeName: undefined,
      esVersion: '9.1.0',
      clusterTable: 'es-api-keys-local-cluster',
      routeMethods: new Map(),
      usagePlans: [],
      defaultUsagePlan: undefined,
      usagePlansMetered: true,
      audit: {
        enabled: true,
        events: new Set([
          'access_denied',
          'access_granted',
          'anonymous_access_denied',
          'authentication_failed',
          'connection_denied',
          'tampered_request',
          'run_as_denied',
          'run_as_granted',
          'security_config_change',
        ]),
      },
    });
  });

  it('reads explicit values and treats blank ones as unset', () => {
    const config = loadConfig({
      AWS_REGION: 'eu-west-1',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      API_KEYS_TABLE: 'keys',
      ELASTIC_PASSWORD: '  ',
    });

    expect(config.region).toBe('eu-west-1');
    expect(config.dynamodbEndpoint).toBe('http://127.0.0.1:8000');
    expect(config.apiKeysTable).toBe('keys');
    expect(config.elasticPassword).toBeUndefined();
  });

  it.each([
    ['bcrypt', { name: 'bcrypt', cost: 10 }],
    ['bcrypt12', { name: 'bcrypt', cost: 12 }],
    ['BCRYPT4', { name: 'bcrypt', cost: 4 }],
    ['ssha256', { name: 'ssha256' }],
  ])('maps API_KEY_HASHING_ALGORITHM=%s', (value, algorithm) => {
    const config = loadConfig({ API_KEY_HASHING_ALGORITHM: value });

    expect(config.apiKeyHashing).toEqual(algorithm);
  });

  it.each(['md5', 'bcrypt3', 'bcrypt15', 'pbkdf2'])(
    'rejects API_KEY_HASHING_ALGORITHM=%s naming the variable',
    (value) => {
      const action = () => loadConfig({ API_KEY_HASHING_ALGORITHM: value });

      expect(action).toThrow(/API_KEY_HASHING_ALGORITHM/);
    },
  );

  it('reads the store time bounds, durations in ES syntax', () => {
    const config = loadConfig({
      DYNAMODB_CONNECT_TIMEOUT: '250ms',
      DYNAMODB_REQUEST_TIMEOUT: '2s',
      DYNAMODB_MAX_ATTEMPTS: '5',
    });

    expect(config.storeTimeouts).toEqual({
      connectMillis: 250,
      requestMillis: 2_000,
      maxAttempts: 5,
    });
  });

  it.each([
    ['DYNAMODB_CONNECT_TIMEOUT', '0', 'a duration from 1ms to 29s'],
    ['DYNAMODB_REQUEST_TIMEOUT', '30s', 'a duration from 1ms to 29s'],
    ['DYNAMODB_REQUEST_TIMEOUT', 'soon', 'a duration from 1ms to 29s'],
    ['DYNAMODB_MAX_ATTEMPTS', '0', 'an integer from 1 to 10'],
    ['DYNAMODB_MAX_ATTEMPTS', '11', 'an integer from 1 to 10'],
  ])('refuses %s=%s, naming the variable', (name, value, expected) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      `invalid ${name} [${value}]: expected ${expected}`,
    );
  });

  it('reads AUTHORIZER_RESOURCE (path or route) and refuses anything else, naming the variable', () => {
    expect(loadConfig({ AUTHORIZER_RESOURCE: 'route' }).authorizerResource).toBe('route');
    expect(() => loadConfig({ AUTHORIZER_RESOURCE: 'Route' })).toThrow(
      'invalid AUTHORIZER_RESOURCE [Route]: expected path or route',
    );
  });

  it('reads the API Gateway stages whose authorizer cache invalidation flushes', () => {
    const config = loadConfig({ AUTHORIZER_CACHE_STAGES: 'a1b2c3d4e5/prod, f6g7h8/dev_2' });

    expect(config.authorizerCacheStages).toEqual([
      { restApiId: 'a1b2c3d4e5', stageName: 'prod' },
      { restApiId: 'f6g7h8', stageName: 'dev_2' },
    ]);
  });

  it('refuses an AUTHORIZER_CACHE_STAGES entry that is not restApiId/stage, naming the variable', () => {
    expect(() => loadConfig({ AUTHORIZER_CACHE_STAGES: 'a1b2c3/prod,justanid' })).toThrow(
      /^invalid AUTHORIZER_CACHE_STAGES \[a1b2c3\/prod,justanid\]/,
    );
  });

  it('refuses ssha256 for passwords, which ES only allows for API keys', () => {
    const action = () => loadConfig({ PASSWORD_HASHING_ALGORITHM: 'ssha256' });

    expect(action).toThrow(/PASSWORD_HASHING_ALGORITHM/);
  });

  it('parses durations for the retention period and cache ttl, including 0', () => {
    const config = loadConfig({ API_KEY_RETENTION_PERIOD: '12h', API_KEY_CACHE_TTL: '0' });

    expect(config.retentionMillis).toBe(43_200_000);
    expect(config.cacheTtlMillis).toBe(0);
  });

  it.each([
    ['API_KEY_RETENTION_PERIOD', '7'],
    ['API_KEY_RETENTION_PERIOD', '-1'],
    ['API_KEY_CACHE_TTL', '1.5d'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const action = () => loadConfig({ [name]: value });

    expect(action).toThrow(new RegExp(name));
  });

  it.each([
    ['0', 0],
    ['1s', 1_000],
    ['15m', 900_000],
    ['30d', 30 * 86_400_000],
  ])('accepts API_KEY_LAST_USED_RESOLUTION=%s (0 is off)', (value, expected) => {
    expect(loadConfig({ API_KEY_LAST_USED_RESOLUTION: value }).lastUsedResolutionMillis).toBe(
      expected,
    );
  });

  it.each(['999ms', '31d', '-1', 'off', '1h30m'])(
    'rejects API_KEY_LAST_USED_RESOLUTION=%s naming the variable',
    (value) => {
      expect(() => loadConfig({ API_KEY_LAST_USED_RESOLUTION: value })).toThrow(
        /API_KEY_LAST_USED_RESOLUTION/,
      );
    },
  );

  it.each([
    ['0', 0],
    ['10000000', 10_000_000],
  ])('accepts API_KEY_CACHE_MAX_KEYS=%s at the bounds', (value, expected) => {
    const config = loadConfig({ API_KEY_CACHE_MAX_KEYS: value });

    expect(config.cacheMaxKeys).toBe(expected);
  });

  it.each(['-1', '10000001', '1.5', 'many'])('rejects API_KEY_CACHE_MAX_KEYS=%s', (value) => {
    const action = () => loadConfig({ API_KEY_CACHE_MAX_KEYS: value });

    expect(action).toThrow(/API_KEY_CACHE_MAX_KEYS/);
  });

  describe('cluster info and route fallback settings', () => {
    it('reads ES_VERSION and refuses what no client accepts', () => {
      expect(loadConfig({ ES_VERSION: '8.19.2' }).esVersion).toBe('8.19.2');
      expect(() => loadConfig({ ES_VERSION: '7.17.0' })).toThrow(/invalid ES_VERSION \[7\.17\.0\]/);
      expect(() => loadConfig({ ES_VERSION: '9.1' })).toThrow(/invalid ES_VERSION/);
    });

    it('reads ROUTE_METHODS as a table and refuses a malformed one', () => {
      const config = loadConfig({ ROUTE_METHODS: '{"/_security/user":["GET","PUT"]}' });

      expect(config.routeMethods.get('/_security/user')).toEqual(['GET', 'PUT']);
      expect(() => loadConfig({ ROUTE_METHODS: '{"/x":["FETCH"]}' })).toThrow(
        /invalid ROUTE_METHODS/,
      );
      expect(() => loadConfig({ ROUTE_METHODS: '["GET"]' })).toThrow(/invalid ROUTE_METHODS/);
      expect(() => loadConfig({ ROUTE_METHODS: '{' })).toThrow(/invalid ROUTE_METHODS/);
    });
  });
});
