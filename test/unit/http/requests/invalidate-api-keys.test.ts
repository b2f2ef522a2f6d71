import { describe, expect, it } from 'vitest';
import { parseJsonWithLocations } from '../../../../functions/http/json-with-locations.js';
import { parseInvalidateApiKeys } from '../../../../functions/http/requests/invalidate-api-keys.js';
import { thrown } from '../../thrown.js';

function parse(text: string) {
  return parseInvalidateApiKeys(parseJsonWithLocations(text));
}

describe('security.invalidate_api_key request (invalidate_api_key)', () => {
  it('parses ids, name, username, realm_name and owner', () => {
    const text = '{"ids":["a","b"],"name":"n","username":"u","realm_name":"r","owner":true}';

    const command = parse(text);

    expect(command).toEqual({
      ids: ['a', 'b'],
      name: 'n',
      username: 'u',
      realmName: 'r',
      owner: true,
    });
  });

  it('defaults owner to false and drops empty strings', () => {
    const command = parse('{"name":"","username":"","realm_name":""}');

    expect(command).toEqual({ owner: false });
  });

  it("accepts a single id string as ES's string array does", () => {
    const command = parse('{"ids":"a"}');

    expect(command.ids).toEqual(['a']);
  });

  it('rejects ids: [] with 400 Validation Failed: 1: Field [ids] cannot be an empty array;', () => {
    const error = thrown(() => parse('{"ids":[]}'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: Field [ids] cannot be an empty array;',
    });
  });

  it('rejects a blank id with the index of the first blank id', () => {
    const error = thrown(() => parse('{"ids":["a"," "]}'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'action_request_validation_exception',
      reason:
        'Validation Failed: 1: Field [ids] must not contain blank id, but got blank id at index position: [1];',
    });
  });

  it('rejects an unknown field with [1:2] [invalidate_api_key] unknown field [id]', () => {
    const error = thrown(() => parse('{"id":"a"}'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'x_content_parse_exception',
      reason: '[1:2] [invalidate_api_key] unknown field [id]',
    });
  });

  it('rejects a missing body with 400 parse_exception request body is required', () => {
    const error = thrown(() => parseInvalidateApiKeys(undefined));

    expect({ type: error.type, reason: error.reason }).toEqual({
      type: 'parse_exception',
      reason: 'request body is required',
    });
  });
});
