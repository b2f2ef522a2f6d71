import { getServices } from '../container.js';
import { bulkUpdateApiKeysChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { esHandler } from '../http/es-handler.js';
import { parseBulkUpdateApiKeys } from '../http/requests/update-api-keys.js';

/** security.bulk_update_api_keys: `POST /_security/api_key/_bulk_update`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => {
    const { ids, ...command } = parseBulkUpdateApiKeys(body);
    auditChange(Action.bulkUpdateApiKey, () => bulkUpdateApiKeysChange(ids, command));
    return {
      body: await getServices().apiKeyUpdates.bulkUpdate(authentication, ids, command, deadline),
    };
  },
);
