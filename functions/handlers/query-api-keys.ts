import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseQueryApiKeys, QUERY_API_KEYS_PARAMS } from '../http/requests/query-api-keys.js';

/** security.query_api_keys: `GET|POST /_security/_query/api_key`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, query, authentication }) => {
    const { request, onParseError } = parseQueryApiKeys(body, query);
    return {
      body: await getServices().apiKeyQueries.query(authentication, request, onParseError),
    };
  },
  { params: QUERY_API_KEYS_PARAMS },
);
