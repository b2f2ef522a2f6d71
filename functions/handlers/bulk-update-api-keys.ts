import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseBulkUpdateApiKeys } from '../http/requests/update-api-keys.js';

/** security.bulk_update_api_keys: `POST /_security/api_key/_bulk_update`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => {
    const { ids, ...command } = parseBulkUpdateApiKeys(body);
    return {
      body: await getServices().apiKeyUpdates.bulkUpdate(authentication, ids, command, deadline),
    };
  },
);
