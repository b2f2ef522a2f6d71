import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseUpdateApiKey } from '../http/requests/update-api-keys.js';

/** security.update_api_key: `PUT /_security/api_key/{id}`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, pathParameters, authentication, deadline }) => ({
    body: await getServices().apiKeyUpdates.update(
      authentication,
      pathParameters['ids'] ?? '',
      parseUpdateApiKey(body),
      deadline,
    ),
  }),
);
