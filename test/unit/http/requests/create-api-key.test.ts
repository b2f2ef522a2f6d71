import { describe, expect, it } from 'vitest';
import { parseJsonWithLocations } from '../../../../functions/http/json-with-locations.js';
import {
  parseCreateApiKey,
  readExpiration,
} from '../../../../functions/http/requests/create-api-key.js';
import { thrown } from '../../thrown.js';

function parse(text: string) {
  return parseCreateApiKey(parseJsonWithLocations(text));
}

describe('security.create_api_key request (api_key_request)', () => {
  it('parses name, expiration, role_descriptors and metadata into a command', () => {
    const text = JSON.stringify({
      name: 'k',
      expiration: '1d',
      role_descriptors: { r: { cluster: ['monitor'] } },
      metadata: { team: 'a' },
    });

    const command = parse(text);

    expect(command).toEqual({
      name: 'k',
      expirationMillis: 86_400_000,
      roleDescriptors: {
        r: { cluster: ['monitor'], indices: [], applications: [], run_as: [], metadata: {} },
      },
      metadata: { team: 'a' },
    });
  });

  it('leaves out expiration, role descriptors and metadata when they are absent', () => {
    const command = parse('{"name":"k"}');

    expect(command).toEqual({ name: 'k' });
  });

  it('rejects a missing body with 400 parse_exception request body is required', () => {
    const error = thrown(() => parseCreateApiKey(undefined));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'parse_exception',
      reason: 'request body is required',
    });
  });

  it('rejects an unknown field with 400 x_content_parse_exception [1:2] [api_key_request] unknown field [foo]', () => {
    const error = thrown(() => parse('{"foo":1}'));

    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [
          {
            type: 'x_content_parse_exception',
            reason: '[1:2] [api_key_request] unknown field [foo]',
          },
        ],
        type: 'x_content_parse_exception',
        reason: '[1:2] [api_key_request] unknown field [foo]',
      },
      status: 400,
    });
  });

  it('rejects a __proto__ field as an unknown field, as ES does for any unknown name', () => {
    const error = thrown(() => parse('{"name":"k","__proto__":{}}'));

    expect({ type: error.type, reason: error.reason }).toEqual({
      type: 'x_content_parse_exception',
      reason: '[1:13] [api_key_request] unknown field [__proto__]',
    });
  });

  it("rejects a numeric name with [1:9] [api_key_request] name doesn't support values of type: VALUE_NUMBER", () => {
    const error = thrown(() => parse('{"name":123}'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'x_content_parse_exception',
      reason: "[1:9] [api_key_request] name doesn't support values of type: VALUE_NUMBER",
    });
  });

  it("rejects a string metadata with metadata doesn't support values of type: VALUE_STRING", () => {
    const error = thrown(() => parse('{"name":"k","metadata":"x"}'));

    expect(error.reason).toBe(
      "[1:24] [api_key_request] metadata doesn't support values of type: VALUE_STRING",
    );
  });

  it('rejects a missing name with 400 illegal_argument_exception Required [name]', () => {
    const error = thrown(() => parse('{"expiration":"1d"}'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason: 'Required [name]',
    });
  });

  it('rejects an expiration without a unit as x_content_parse_exception Failed to build, caused by illegal_argument_exception', () => {
    const error = thrown(() => parse('{"name":"k","expiration":"10"}'));

    expect(error.toJSON()).toEqual({
      error: {
        root_cause: [
          {
            type: 'x_content_parse_exception',
            reason: 'Failed to build [api_key_request] after last required field arrived',
          },
        ],
        type: 'x_content_parse_exception',
        reason: 'Failed to build [api_key_request] after last required field arrived',
        caused_by: {
          type: 'illegal_argument_exception',
          reason:
            'failed to parse setting [expiration] with value [10] as a time value: unit is missing or unrecognized',
        },
      },
      status: 400,
    });
  });

  it('rejects a fractional expiration with Failed to build, caused by parse_exception', () => {
    const error = thrown(() => readExpiration('1.5d', 'api_key_request'));

    expect(error.type).toBe('x_content_parse_exception');
    expect(error.causedBy).toEqual({
      type: 'parse_exception',
      reason: 'failed to parse [1.5d], fractional time values are not supported',
    });
  });

  it('rejects an unknown field inside a role descriptor as failed to parse field [role_descriptors], caused by parse_exception', () => {
    const error = thrown(() => parse('{"name":"k","role_descriptors":{"r":{"x":1}}}'));

    expect(error.status).toBe(400);
    expect(error.type).toBe('x_content_parse_exception');
    expect(error.reason).toMatch(
      /^\[1:\d+\] \[api_key_request\] failed to parse field \[role_descriptors\]$/,
    );
    expect(error.causedBy).toEqual({
      type: 'parse_exception',
      reason: 'failed to parse role [r]. unexpected field [x]',
    });
  });

  it('rejects a description in an API key role descriptor as an unexpected field', () => {
    const error = thrown(() => parse('{"name":"k","role_descriptors":{"r":{"description":"d"}}}'));

    expect(error.causedBy?.reason).toBe('failed to parse role [r]. unexpected field [description]');
  });

  it("rejects role_descriptors given as an array with doesn't support values of type: START_ARRAY", () => {
    const error = thrown(() => parse('{"name":"k","role_descriptors":[]}'));

    expect(error.reason).toBe(
      "[1:32] [api_key_request] role_descriptors doesn't support values of type: START_ARRAY",
    );
  });
});
