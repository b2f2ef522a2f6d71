import { describe, expect, it } from 'vitest';
import type { Logger, LogLevel } from '../../../functions/core/ports.js';
import { fromApiKeyItem, toApiKeyItem } from '../../../functions/store/api-key-item.js';
import { MalformedItemError, translateStoreError } from '../../../functions/store/store-errors.js';
import { apiKeyRecord } from '../../support/api-key-records.js';

function recordingLogger() {
  const lines: Array<{ level: LogLevel; message: string; fields: Record<string, unknown> }> = [];
  const logger: Logger = {
    log: (level, message, fields = {}) => lines.push({ level, message, fields }),
  };
  return { logger, lines };
}

function awsError(name: string, message: string, code?: string): Error {
  const error = new Error(message);
  error.name = name;
  if (code) {
    Object.assign(error, { code });
  }
  return error;
}

const translate = (error: unknown, logger: Logger) =>
  translateStoreError(error, { logger, table: 'keys', operation: 'put', what: 'API key document' });

describe('translateStoreError: one translation of store failures', () => {
  it.each([
    [
      'Item size has exceeded the maximum allowed size',
      'API key document is too large to store: a document may be at most 400 KB',
    ],
    [
      'Nesting Levels have exceeded supported limits',
      'API key document is nested too deeply to store',
    ],
    [
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes',
      'API key document has a name or id too long to store: at most 2048 bytes',
    ],
    ['Something new', 'API key document cannot be stored as given'],
  ])('a ValidationException (%s) is a 400 saying why', (message, reason) => {
    const { logger, lines } = recordingLogger();

    const error = translate(awsError('ValidationException', message), logger);

    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [{ type: 'illegal_argument_exception', reason }],
        type: 'illegal_argument_exception',
        reason,
      },
      status: 400,
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'store rejected a value',
        fields: {
          table: 'keys',
          operation: 'put',
          errorName: 'ValidationException',
          errorMessage: message,
        },
      },
    ]);
  });

  it.each([
    ['TimeoutError', 'socket hang up', 'ETIMEDOUT'],
    [
      'ProvisionedThroughputExceededException',
      'The level of configured provisioned throughput',
      undefined,
    ],
    ['ThrottlingException', 'Rate exceeded', undefined],
    ['Error', 'connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'],
    ['InternalServerError', 'Internal server error', undefined],
  ])('%s is a 503 naming no internals, its cause logged', (name, message, code) => {
    const { logger, lines } = recordingLogger();

    const error = translate(awsError(name, message, code), logger);

    expect(error.status).toBe(503);
    expect(error.type).toBe('status_exception');
    expect(JSON.stringify(error.toJSON())).not.toContain(message);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'store unavailable',
      fields: { errorName: name, errorMessage: message },
    });
  });

  it('anything else is a 500 that says nothing of the cause, which is logged', () => {
    const { logger, lines } = recordingLogger();

    const error = translate(
      new MalformedItemError('keys', 'api key [x] [name] is not a string'),
      logger,
    );

    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [
          { type: 'exception', reason: 'An internal error occurred while processing the request' },
        ],
        type: 'exception',
        reason: 'An internal error occurred while processing the request',
      },
      status: 500,
    });
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'store failed',
      fields: {
        errorName: 'MalformedItemError',
        errorMessage: 'malformed item in [keys]: api key [x] [name] is not a string',
      },
    });
  });

  it('logs at most 300 characters of a store message', () => {
    const { logger, lines } = recordingLogger();

    translate(awsError('InternalServerError', 'x'.repeat(5_000)), logger);

    expect(String(lines[0]?.fields['errorMessage'])).toHaveLength(300);
  });
});

describe('API key items', () => {
  const fail = (detail: string): never => {
    throw new Error(detail);
  };

  it('round-trip through the item form, JSON-valued fields as text', () => {
    const key = apiKeyRecord({
      metadata: { constructor: { __proto__: 1 } },
      expiration_time: 5,
      delete_after: 7,
    });
    Object.defineProperty(key.metadata, '__proto__', { value: [1], enumerable: true });

    const item = toApiKeyItem(key);
    const back = fromApiKeyItem(JSON.parse(JSON.stringify(item)), fail);

    expect(typeof item['metadata']).toBe('string');
    expect(item['owner_key']).toBe('r/u');
    expect(back).toEqual(key);
    expect(Object.keys(back.metadata)).toEqual(['constructor', '__proto__']);
  });

  it('reads items written in the old map form', () => {
    const key = apiKeyRecord({ metadata: { app: 'billing', n: 3 } });

    const back = fromApiKeyItem({ ...key, owner_key: 'r/u' }, fail);

    expect(back).toEqual(key);
  });

  it.each([
    [
      'a missing hash',
      { api_key_hash: undefined },
      'api key [key-id] [api_key_hash] is not a string',
    ],
    [
      'a string invalidation flag',
      { api_key_invalidated: 'false' },
      'api key [key-id] [api_key_invalidated] is not a boolean',
    ],
    [
      'cluster privileges that are not a list',
      {
        role_descriptors:
          '{"r":{"cluster":"all","indices":[],"applications":[],"run_as":[],"metadata":{}}}',
      },
      'api key [key-id] [role_descriptors] holds a value that is not a role descriptor',
    ],
    [
      'metadata that is not JSON',
      { metadata: '{"a":' },
      'api key [key-id] [metadata] is not JSON text',
    ],
    [
      'a creator without a realm',
      { creator: '{"principal":"u"}' },
      'api key [key-id] [creator] field [realm] is not a string',
    ],
  ])('refuses an item with %s', (_label, patch, detail) => {
    const item = { ...toApiKeyItem(apiKeyRecord()), ...patch };

    expect(() => fromApiKeyItem(item, fail)).toThrow(detail);
  });
});
