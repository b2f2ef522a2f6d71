import type { Clock } from '../clock.js';
import { illegalArgument, resourceNotFound, versionConflict } from '../errors.js';
import { type ApiKeyStore, type AuthorizerCache, type Logger, SILENT_LOGGER } from '../ports.js';
import { type Authentication, ownerOf } from '../security/authentication.js';
import { Action } from '../security/privilege-names.js';
import { requireAction } from '../security/privileges.js';
import type { VerifiedCredentialCache } from '../security/verified-credential-cache.js';
import { type ApiKeyRecord, isOwnedBy } from './api-key.js';

export interface SetDisabledResponse {
  /** False when the key already was in the requested state: nothing was written. */
  updated: boolean;
  disabled: boolean;
  /** Present when the authorizer caches could not be flushed after the change. */
  error_details?: Array<{ type: string; reason: string }>;
}

export interface ApiKeyDisablingOptions {
  clock: Clock;
  authorizerCache?: AuthorizerCache;
  logger?: Logger;
}

/**
 * The disable/enable extension: a disabled key fails authentication (REST and authorizer alike,
 * since both read the key on every request) until it is enabled again. Who may switch a key is
 * who may invalidate it, by ES's invalidate rules; an invalidated key stays invalidated.
 */
export class ApiKeyDisabling {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly verified: VerifiedCredentialCache,
    private readonly options: ApiKeyDisablingOptions,
  ) {}

  async setDisabled(
    authentication: Authentication,
    id: string,
    disabled: boolean,
  ): Promise<SetDisabledResponse> {
    // ManageOwnApiKeyClusterPrivilege on invalidate: a user's own keys; an API key only itself.
    const ownApplies = authentication.type === 'api_key' ? id === authentication.apiKey.id : true;
    const scope = requireAction(authentication, Action.invalidateApiKey, ownApplies);
    const key = await this.store.get(id);
    if (!key || (scope === 'own' && !isOwnedBy(key, ownerOf(authentication)))) {
      throw resourceNotFound(`no API key found for ID [${id}]`);
    }
    if (key.api_key_invalidated) {
      throw illegalArgument(
        `cannot ${disabled ? 'disable' : 'enable'} invalidated API key [${id}]`,
      );
    }
    if ((key.disabled === true) === disabled) {
      return { updated: false, disabled };
    }
    const { disabled: _previous, ...rest } = key;
    const next: ApiKeyRecord = { ...rest, version: key.version + 1 };
    if (disabled) {
      next.disabled = true;
    }
    if (!(await this.store.replace(next, key.version))) {
      throw versionConflict(
        `[${id}]: version conflict, required version [${key.version}], but the API key was changed concurrently`,
      );
    }
    this.verified.evict([id]);
    const response: SetDisabledResponse = { updated: true, disabled };
    if (!(await this.flushAuthorizerCache(id))) {
      response.error_details = [
        {
          type: 'exception',
          reason: 'clearing the API key cache failed; please clear the caches manually',
        },
      ];
    }
    return response;
  }

  /** A cached Allow (or Deny) must not outlive the switch; false when a flush failed. */
  private async flushAuthorizerCache(id: string): Promise<boolean> {
    const cache = this.options.authorizerCache;
    if (!cache) {
      return true;
    }
    try {
      await cache.flush();
      return true;
    } catch (error) {
      (this.options.logger ?? SILENT_LOGGER).log('error', 'flushing the authorizer cache failed', {
        keyId: id,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return false;
    }
  }
}
