import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseInvalidateApiKeys } from '../http/requests/invalidate-api-keys.js';

/** security.invalidate_api_key: `DELETE /_security/api_key`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => ({
    body: await getServices().apiKeys.invalidate(
      authentication,
      parseInvalidateApiKeys(body),
      deadline,
    ),
  }),
);
