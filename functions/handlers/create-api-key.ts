import { getServices } from '../container.js';
import { createApiKeyChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { esHandler } from '../http/es-handler.js';
import { parseCreateApiKey } from '../http/requests/create-api-key.js';

/** security.create_api_key: `PUT|POST /_security/api_key`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => {
    const command = parseCreateApiKey(body);
    auditChange(Action.createApiKey, () => createApiKeyChange(command));
    return { body: await getServices().apiKeys.create(authentication, command, deadline) };
  },
  { params: ['refresh'] },
);
