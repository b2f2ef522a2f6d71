import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseRotateApiKey } from '../http/requests/api-key-extensions.js';

/** Extension: `POST /_es_api_keys/api_key/{id}/_rotate`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, pathParameters, authentication, deadline }) => ({
    body: await getServices().apiKeyRotation.rotate(
      authentication,
      pathParameters['id'] ?? '',
      parseRotateApiKey(body),
      deadline,
    ),
  }),
);
