import { describe, expect, it } from 'vitest';
import { JsonNumberText } from '../../../../functions/core/json-number.js';
import { QueryParams } from '../../../../functions/http/es-handler.js';
import { parseJsonWithLocations } from '../../../../functions/http/json-with-locations.js';
import { parseCreateApiKey } from '../../../../functions/http/requests/create-api-key.js';
import { parseGrantApiKey } from '../../../../functions/http/requests/grant-api-key.js';
import { parseHasPrivileges } from '../../../../functions/http/requests/has-privileges.js';
import { parseQueryApiKeys } from '../../../../functions/http/requests/query-api-keys.js';
import {
  parseBulkUpdateApiKeys,
  parseUpdateApiKey,
} from '../../../../functions/http/requests/update-api-keys.js';
import { thrown } from '../../thrown.js';

const json = parseJsonWithLocations;
const BIG = '{"big":12345678901234567890,"huge":1e400,"wide":1e20,"list":[-12345678901234567890]}';
const KEPT = {
  big: new JsonNumberText('12345678901234567890'),
  huge: new JsonNumberText('1e400'),
  wide: 1e20,
  list: [new JsonNumberText('-12345678901234567890')],
};

/** `{"a":{"a":…{"a":1}}}` with `levels` objects. */
const nested = (levels: number): string =>
  `${'{"a":'.repeat(levels - 1)}{"a":1}${'}'.repeat(levels - 1)}`;

describe('numbers a double cannot hold, and deep metadata, in request bodies', () => {
  it('keeps them in create, update, bulk update and grant metadata', () => {
    expect(parseCreateApiKey(json(`{"name":"k","metadata":${BIG}}`)).metadata).toEqual(KEPT);
    expect(parseUpdateApiKey(json(`{"metadata":${BIG}}`)).metadata).toEqual(KEPT);
    expect(parseBulkUpdateApiKeys(json(`{"ids":["a"],"metadata":${BIG}}`)).metadata).toEqual(KEPT);
    expect(
      parseGrantApiKey(
        json(
          `{"grant_type":"password","username":"u","password":"p","api_key":{"name":"k","metadata":${BIG}}}`,
        ),
      ).apiKey?.metadata,
    ).toEqual(KEPT);
  });

  it('keeps them in role descriptor metadata', () => {
    const command = parseCreateApiKey(
      json(`{"name":"k","role_descriptors":{"r":{"cluster":[],"metadata":${BIG}}}}`),
    );

    expect(command.roleDescriptors?.['r']?.metadata).toEqual(KEPT);
  });

  it('accepts metadata nested up to the parser limit (1,000 levels with the body)', () => {
    // The body object and `metadata` itself are two levels, so 998 more fit.
    const command = parseCreateApiKey(json(`{"name":"k","metadata":{"m":${nested(998)}}}`));

    let value: unknown = command.metadata?.['m'];
    let depth = 0;
    while (typeof value === 'object' && value !== null) {
      depth += 1;
      value = (value as Record<string, unknown>)['a'];
    }
    expect(depth).toBe(998);
  });

  it('accepts role descriptor metadata nested up to the parser limit', () => {
    // Body, role_descriptors, the descriptor and its metadata are four levels: 996 more fit.
    const command = parseCreateApiKey(
      json(`{"name":"k","role_descriptors":{"r":{"metadata":{"m":${nested(996)}}}}}`),
    );

    expect(command.roleDescriptors?.['r']?.metadata?.['m']).toBeDefined();
  });

  it('refuses a number where metadata must be an object, naming it VALUE_NUMBER', () => {
    const error = thrown(() => parseCreateApiKey(json('{"name":"k","metadata":1e400}')));

    expect(error.reason).toBe(
      "[1:24] [api_key_request] metadata doesn't support values of type: VALUE_NUMBER",
    );
  });

  it('names a big number VALUE_NUMBER in has_privileges errors', () => {
    const error = thrown(() => parseHasPrivileges(json('{"cluster":1e400}'), 'u'));

    expect(error.reason).toBe(
      'failed to parse privileges check [u/has_privileges]. expected field [cluster] value to be an array of strings but found [VALUE_NUMBER] instead',
    );
  });

  it.each(['12345678901234567890', '1e400', '"12345678901234567890"'])(
    'refuses from: %s in a query with a 400 rather than a lossy number',
    (literal) => {
      const error = thrown(() =>
        parseQueryApiKeys(json(`{"from":${literal}}`), new QueryParams({})),
      );

      expect(error.status).toBe(400);
      expect(error.causedBy?.reason).toBe(
        `[from] must be an integer, got [${literal.replaceAll('"', '')}]`,
      );
    },
  );
});
