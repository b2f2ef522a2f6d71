import { getServices } from '../container.js';
import { recordAccess, SELF_ACTION } from '../core/audit/request-audit.js';
import { authenticateResponse } from '../core/security/authentication.js';
import { esHandler } from '../http/es-handler.js';

/** security.authenticate: `GET /_security/_authenticate`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ authentication }) => {
    recordAccess(authentication, SELF_ACTION.authenticate, true);
    return { body: authenticateResponse(authentication) };
  },
);
