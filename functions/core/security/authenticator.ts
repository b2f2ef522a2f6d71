import type { ApiKeyService } from '../api-keys/api-key-service.js';
import type { Authentication, Credentials } from './authentication.js';
import type { UserService } from './users.js';

/** The one authentication path for the REST API and the gateway authorizer alike. */
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly users: UserService,
  ) {}

  /** Resolves credentials to an authentication, or throws ES's 401. `uri` appears in Basic failures. */
  authenticate(credentials: Credentials, uri: string): Promise<Authentication> {
    return credentials.scheme === 'apikey'
      ? this.apiKeys.authenticate(credentials.id, credentials.secret)
      : this.users.authenticate(
          credentials.username,
          credentials.password,
          `REST request [${uri}]`,
        );
  }
}
