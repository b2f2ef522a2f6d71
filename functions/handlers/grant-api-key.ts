import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseGrantApiKey } from '../http/requests/grant-api-key.js';

/** security.grant_api_key: `POST /_security/api_key/grant`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => ({
    body: await getServices().apiKeyGrants.grant(authentication, parseGrantApiKey(body), deadline),
  }),
  { params: ['refresh'] },
);
