import { getServices } from '../container.js';
import { updateApiKeyChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { esHandler } from '../http/es-handler.js';
import { parseUpdateApiKey } from '../http/requests/update-api-keys.js';

/** security.update_api_key: `PUT /_security/api_key/{id}`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, pathParameters, authentication, deadline }) => {
    const id = pathParameters['ids'] ?? '';
    const command = parseUpdateApiKey(body);
    auditChange(Action.updateApiKey, () => updateApiKeyChange(id, command));
    return {
      body: await getServices().apiKeyUpdates.update(authentication, id, command, deadline),
    };
  },
);
