import { describe, expect, it } from 'vitest';
import {
  authenticationFailed,
  EsError,
  forbidden,
  malformedJson,
  truncatedJson,
  validationFailed,
  WWW_AUTHENTICATE_CHALLENGES,
  xContentParseException,
} from '../../../functions/core/errors.js';

describe('EsError', () => {
  it('serialises as the ES error envelope with itself as the root cause', () => {
    const error = forbidden('action [x] is unauthorized');

    const body = error.toJSON();

    expect(body).toEqual({
      error: {
        root_cause: [{ type: 'security_exception', reason: 'action [x] is unauthorized' }],
        type: 'security_exception',
        reason: 'action [x] is unauthorized',
      },
      status: 403,
    });
  });

  it('carries the three WWW-Authenticate challenges on a 401, in the body header and root cause', () => {
    const error = authenticationFailed('missing authentication credentials for REST request [/]');

    const body = error.toJSON();

    expect(error.status).toBe(401);
    expect(error.headers).toEqual({ 'WWW-Authenticate': WWW_AUTHENTICATE_CHALLENGES });
    expect(WWW_AUTHENTICATE_CHALLENGES).toHaveLength(3);
    expect(WWW_AUTHENTICATE_CHALLENGES[0]).toMatch(/^Basic realm="security"/);
    expect(WWW_AUTHENTICATE_CHALLENGES.slice(1)).toEqual(['Bearer realm="security"', 'ApiKey']);
    expect(body).toEqual({
      error: {
        root_cause: [
          {
            type: 'security_exception',
            reason: 'missing authentication credentials for REST request [/]',
            header: { 'WWW-Authenticate': WWW_AUTHENTICATE_CHALLENGES },
          },
        ],
        type: 'security_exception',
        reason: 'missing authentication credentials for REST request [/]',
        header: { 'WWW-Authenticate': WWW_AUTHENTICATE_CHALLENGES },
      },
      status: 401,
    });
  });

  it('puts metadata such as additional_unsuccessful_credentials beside type and reason on a 401', () => {
    const error = authenticationFailed(
      'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
      { additional_unsuccessful_credentials: 'API key: invalid ApiKey value' },
    );

    const body = error.toJSON();

    expect(body.error['additional_unsuccessful_credentials']).toBe('API key: invalid ApiKey value');
    expect(body.error.root_cause[0]?.['additional_unsuccessful_credentials']).toBe(
      'API key: invalid ApiKey value',
    );
  });

  it('reports an x_content_parse_exception with a cause as its own root cause, without caused_by', () => {
    const error = xContentParseException(
      'Failed to build [api_key_request] after last required field arrived',
      { type: 'illegal_argument_exception', reason: 'bad expiration' },
    );

    const body = error.toJSON();

    expect(body).toEqual({
      error: {
        root_cause: [
          {
            type: 'x_content_parse_exception',
            reason: 'Failed to build [api_key_request] after last required field arrived',
          },
        ],
        type: 'x_content_parse_exception',
        reason: 'Failed to build [api_key_request] after last required field arrived',
        caused_by: { type: 'illegal_argument_exception', reason: 'bad expiration' },
      },
      status: 400,
    });
  });

  it('reports the deepest cause as the root cause for Elasticsearch exceptions', () => {
    const error = new EsError(403, 'security_exception', 'Failed to authenticate api key grant', {
      causedBy: {
        type: 'security_exception',
        reason: 'outer',
        caused_by: { type: 'illegal_argument_exception', reason: 'inner' },
      },
    });

    const body = error.toJSON();

    expect(body.error.root_cause).toEqual([
      { type: 'illegal_argument_exception', reason: 'inner' },
    ]);
    expect(body.status).toBe(403);
  });

  it('joins validation failures as Validation Failed: 1: a;2: b; with 400 action_request_validation_exception', () => {
    const error = validationFailed(['a', 'b']);

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: a;2: b;',
    });
  });

  it('wraps a malformed-JSON message in a 400 x_content_parse_exception caused by json_parse_exception', () => {
    const error = malformedJson(1, 3, 'Unexpected character');

    const body = error.toJSON();

    expect(body.status).toBe(400);
    expect(body.error.type).toBe('x_content_parse_exception');
    expect(body.error.reason).toMatch(/^\[1:3\] Unexpected character\n at \[Source: /);
    expect(body.error.caused_by?.type).toBe('json_parse_exception');
    expect(body.error.caused_by?.reason).toMatch(
      /^Unexpected character\n at \[Source: .*line: 1, column: 3\]$/,
    );
  });

  it('reports truncated JSON as 400 x_content_e_o_f_exception Unexpected end of file', () => {
    const error = truncatedJson(1, 9, 'Unexpected end-of-input');

    const body = error.toJSON();

    expect(body.status).toBe(400);
    expect(body.error.type).toBe('x_content_e_o_f_exception');
    expect(body.error.reason).toBe('[1:9] Unexpected end of file');
    expect(body.error.caused_by?.type).toBe('json_e_o_f_exception');
  });
});
