import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseCreateApiKey } from '../http/requests/create-api-key.js';

/** security.create_api_key: `PUT|POST /_security/api_key`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => ({
    body: await getServices().apiKeys.create(authentication, parseCreateApiKey(body), deadline),
  }),
  { params: ['refresh'] },
);
