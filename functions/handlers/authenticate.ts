import { getServices } from '../container.js';
import { authenticateResponse } from '../core/security/authentication.js';
import { esHandler } from '../http/es-handler.js';

/** security.authenticate: `GET /_security/_authenticate`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ authentication }) => ({ body: authenticateResponse(authentication) }),
);
