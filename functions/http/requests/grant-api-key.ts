import type { GrantApiKeyCommand } from '../../core/api-keys/api-key-grants.js';
import { EsError } from '../../core/errors.js';
import type { LocatedJson } from '../json-with-locations.js';
import { BodyReader } from './body-reader.js';
import { readCreateApiKey, requireBody } from './create-api-key.js';

/** `POST /_security/api_key/grant`, parsed strictly as ES's `grant_api_key_request`. */
export function parseGrantApiKey(body: LocatedJson | undefined): GrantApiKeyCommand {
  const reader = new BodyReader(requireBody(body), 'grant_api_key_request');
  const root = reader.rootObject([
    'grant_type',
    'username',
    'password',
    'access_token',
    'run_as',
    'client_authentication',
    'api_key',
  ]);
  const grantType = reader.string(root, 'grant_type');
  const username = reader.string(root, 'username');
  const password = reader.string(root, 'password');
  const accessToken = reader.string(root, 'access_token');
  const runAs = reader.string(root, 'run_as');
  reader.object(root, 'client_authentication');
  const apiKeyJson = reader.object(root, 'api_key');
  let apiKey: GrantApiKeyCommand['apiKey'];
  if (apiKeyJson !== undefined) {
    try {
      apiKey = readCreateApiKey(reader.nested('api_key_request'), apiKeyJson);
    } catch (error) {
      throw error instanceof EsError ? reader.fieldError(root, 'api_key', error) : error;
    }
  }
  return {
    ...(grantType === undefined ? {} : { grantType }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(runAs === undefined ? {} : { runAs }),
    ...(apiKey === undefined ? {} : { apiKey }),
  };
}
