import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { apiKeyAuth, invoke, type Response } from './events.js';
import { ELASTIC } from './handler-env.js';

/** `GET /_security/_authenticate` with an encoded API key, through the real handler. */
export function authenticateAs(encoded: string): Promise<Response> {
  return invoke(authenticate, {
    method: 'GET',
    path: '/_security/_authenticate',
    headers: apiKeyAuth(encoded),
  });
}

/** The key as `GET /_security/api_key?id=` shows it to the superuser, or undefined. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
export async function keyInfo(id: string): Promise<any> {
  const response = await invoke(getApiKeys, {
    method: 'GET',
    path: '/_security/api_key',
    headers: ELASTIC,
    query: { id },
  });
  return response.body.api_keys[0];
}
