import { getServices } from '../container.js';
import { recordAccess, SELF_ACTION } from '../core/audit/request-audit.js';
import { hasPrivileges } from '../core/security/has-privileges.js';
import { esHandler } from '../http/es-handler.js';
import { parseHasPrivileges } from '../http/requests/has-privileges.js';

/**
 * security.has_privileges: `GET|POST /_security/user/_has_privileges`. Any authenticated caller
 * may check its own privileges; an API key is checked on its effective (limited) privileges.
 */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ body, authentication }) => {
    const request = parseHasPrivileges(body, authentication.user.username);
    recordAccess(authentication, SELF_ACTION.hasPrivileges, true);
    return { body: hasPrivileges(authentication, request) };
  },
);
