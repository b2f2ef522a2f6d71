import type { ApiKeyService } from '../api-keys/api-key-service.js';
import { currentAudit } from '../audit/request-audit.js';
import { EsError } from '../errors.js';
import type { Authentication, Credentials } from './authentication.js';
import type { UserService } from './users.js';

/** The one authentication path for the REST API and the gateway authorizer alike. */
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly users: UserService,
  ) {}

  /**
   * Resolves credentials to an authentication, or throws ES's 401. `uri` appears in Basic
   * failures. Both outcomes are audit events of the current request (`authentication_success`,
   * `authentication_failed` naming the username or key id, never the secret).
   */
  async authenticate(credentials: Credentials, uri: string): Promise<Authentication> {
    try {
      const authentication = await (credentials.scheme === 'apikey'
        ? this.apiKeys.authenticate(credentials.id, credentials.secret)
        : this.users.authenticate(
            credentials.username,
            credentials.password,
            `REST request [${uri}]`,
          ));
      currentAudit()?.authenticationSucceeded(authentication);
      return authentication;
    } catch (error) {
      if (error instanceof EsError && error.status === 401) {
        currentAudit()?.authenticationFailed(
          credentials.scheme === 'apikey' ? credentials.id : credentials.username,
        );
      }
      throw error;
    }
  }
}
