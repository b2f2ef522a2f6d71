import { getServices } from '../container.js';
import { invalidateApiKeysChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { esHandler } from '../http/es-handler.js';
import { parseInvalidateApiKeys } from '../http/requests/invalidate-api-keys.js';

/** security.invalidate_api_key: `DELETE /_security/api_key`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => {
    const command = parseInvalidateApiKeys(body);
    auditChange(Action.invalidateApiKey, () => invalidateApiKeysChange(command));
    return { body: await getServices().apiKeys.invalidate(authentication, command, deadline) };
  },
);
