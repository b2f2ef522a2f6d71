import { getServices } from '../container.js';
import { grantApiKeyChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { esHandler } from '../http/es-handler.js';
import { parseGrantApiKey } from '../http/requests/grant-api-key.js';

/** security.grant_api_key: `POST /_security/api_key/grant`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication, deadline }) => {
    const command = parseGrantApiKey(body);
    auditChange(Action.grantApiKey, () => grantApiKeyChange(command));
    return { body: await getServices().apiKeyGrants.grant(authentication, command, deadline) };
  },
  { params: ['refresh'] },
);
