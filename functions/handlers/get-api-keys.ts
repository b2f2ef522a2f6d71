import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { GET_API_KEYS_PARAMS, parseGetApiKeys } from '../http/requests/get-api-keys.js';

/** security.get_api_key: `GET /_security/api_key`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ query, authentication }) => {
    const request = parseGetApiKeys(query);
    const result = await getServices().apiKeys.get(authentication, request);
    // ES answers 404 (with the same body) when a key id was asked for and not found.
    const notFound = request.id !== undefined && result.api_keys.length === 0;
    return { status: notFound ? 404 : 200, body: result };
  },
  { params: GET_API_KEYS_PARAMS },
);
