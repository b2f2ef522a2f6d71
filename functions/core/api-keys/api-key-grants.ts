import { type Deadline, NO_DEADLINE } from '../deadline.js';
import { EsError, forbidden, validationFailed } from '../errors.js';
import type { Authentication, RealmAuthentication } from '../security/authentication.js';
import { Action } from '../security/privilege-names.js';
import { requireAction } from '../security/privileges.js';
import type { UserService } from '../security/users.js';
import { wildcardMatch } from '../security/wildcard.js';
import type {
  ApiKeyService,
  CreateApiKeyCommand,
  CreateApiKeyResponse,
} from './api-key-service.js';
import { validateCreateRequest } from './validation.js';

export interface GrantApiKeyCommand {
  grantType?: string;
  username?: string;
  password?: string;
  accessToken?: string;
  runAs?: string;
  apiKey?: CreateApiKeyCommand;
}

/** GrantApiKeyRequest.validate: which credential fields each grant type needs and forbids. */
function validateGrant(command: GrantApiKeyCommand): string[] {
  const errors: string[] = [];
  const { grantType } = command;
  const required = (field: string, value: string | undefined) => {
    if (value === undefined || value === '') {
      errors.push(`[${field}] is required for grant_type [${grantType}]`);
    }
  };
  const unsupported = (field: string, value: string | undefined) => {
    if (value !== undefined) {
      errors.push(`[${field}] is not supported for grant_type [${grantType}]`);
    }
  };
  if (grantType === undefined) {
    errors.push('[grant_type] is required');
  } else if (grantType === 'password') {
    required('username', command.username);
    required('password', command.password);
    unsupported('access_token', command.accessToken);
  } else if (grantType === 'access_token') {
    required('access_token', command.accessToken);
    unsupported('username', command.username);
    unsupported('password', command.password);
  } else {
    errors.push(`grant_type [${grantType}] is not supported`);
  }
  return errors;
}

function mayRunAs(authentication: RealmAuthentication, username: string): boolean {
  return Object.values(authentication.roleDescriptors).some((descriptor) =>
    descriptor.run_as.some((pattern) => wildcardMatch(pattern, username)),
  );
}

/**
 * `POST /_security/api_key/grant`: a caller with `grant_api_key` creates a key on behalf of a
 * user whose credentials it presents. Any failure to establish that user is ES's 403.
 */
export class ApiKeyGrants {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly users: UserService,
  ) {}

  async grant(
    authentication: Authentication,
    command: GrantApiKeyCommand,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<CreateApiKeyResponse> {
    // ES validates the key request before the grant.
    const errors = [
      ...(command.apiKey
        ? validateCreateRequest(
            command.apiKey.name,
            command.apiKey.metadata,
            command.apiKey.roleDescriptors,
          )
        : ['api key name is required']),
      ...validateGrant(command),
    ];
    if (errors.length > 0) {
      throw validationFailed(errors);
    }
    requireAction(authentication, Action.grantApiKey);
    const owner = await this.grantedUser(command);
    return this.apiKeys.issue(owner, command.apiKey as CreateApiKeyCommand, deadline);
  }

  private async grantedUser(command: GrantApiKeyCommand): Promise<RealmAuthentication> {
    const failed = (cause: EsError) =>
      forbidden('Failed to authenticate api key grant', cause.toCause());
    if (command.grantType !== 'password') {
      // This service issues no access tokens, so none can authenticate.
      throw failed(
        new EsError(401, 'security_exception', 'unable to authenticate with provided credentials'),
      );
    }
    let user: RealmAuthentication;
    try {
      user = await this.users.authenticate(
        command.username as string,
        command.password as string,
        `action [${Action.grantApiKey}]`,
      );
    } catch (error) {
      throw error instanceof EsError && error.status === 401 ? failed(error) : error;
    }
    if (command.runAs === undefined) {
      return user;
    }
    const target = mayRunAs(user, command.runAs)
      ? await this.users.lookup(command.runAs)
      : undefined;
    if (!target) {
      // ES authorizes the run-as as an authenticate action, and gives the same 403 whether the
      // user does not exist or may not be run as.
      throw forbidden(
        `action [cluster:admin/xpack/security/user/authenticate] is unauthorized for user [${user.user.username}] with effective roles [${[...user.user.roles].sort().join(',')}], because user [${user.user.username}] is unauthorized to run as [${command.runAs}]`,
      );
    }
    return target;
  }
}
