import type { Credentials } from './credentials';
import { esRequest } from './es-client';

export interface AuthenticatedUser {
  username: string;
  authentication_realm: { name: string; type: string };
  authentication_type?: string;
  api_key?: { id: string; name?: string };
}

export interface ApiKeyInfo {
  id: string;
  name: string | null;
  type?: string;
  creation: number;
  expiration?: number;
  invalidated: boolean;
  invalidation?: number;
  /** This service's disable extension: present (true) only on a disabled key. */
  disabled?: boolean;
  username: string;
  realm: string;
  realm_type?: string;
  metadata?: Record<string, unknown>;
  role_descriptors?: Record<string, unknown>;
  limited_by?: Record<string, unknown>[];
  _sort?: unknown[];
}

export interface TermsBucket {
  key: string;
  doc_count: number;
}

export interface QueryApiKeysResponse {
  total: number;
  count: number;
  api_keys: ApiKeyInfo[];
  aggregations?: {
    usernames?: { buckets: TermsBucket[] };
    active?: { doc_count: number };
    expired?: { doc_count: number };
    invalidated?: { doc_count: number };
  };
}

export interface CreatedApiKey {
  id: string;
  name: string;
  expiration?: number;
  api_key: string;
  encoded: string;
}

/** The rotate extension's answer: the successor (its secret shown once) and the predecessor's end. */
export interface RotatedApiKey extends CreatedApiKey {
  rotated_from: string;
  rotated_from_expiration: number;
}

export interface SetDisabledResponse {
  updated: boolean;
  disabled: boolean;
  error_details?: { type: string; reason: string }[];
}

export interface InvalidateResponse {
  invalidated_api_keys: string[];
  previously_invalidated_api_keys: string[];
  error_count: number;
  error_details?: { type: string; reason: string }[];
}

/** The cluster privileges the page asks about, as Kibana does for its API keys page. */
export const PAGE_PRIVILEGES = ['manage_api_key', 'manage_own_api_key', 'read_security'] as const;
export type PagePrivilege = (typeof PAGE_PRIVILEGES)[number];

export interface HasPrivilegesResponse {
  username: string;
  has_all_requested: boolean;
  cluster: Partial<Record<PagePrivilege, boolean>>;
}

export interface CreateApiKeyRequest {
  name: string;
  expiration?: string;
  role_descriptors?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface UpdateApiKeyRequest {
  role_descriptors?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  expiration?: string;
}

/** The ES security calls the page makes: the same ones Kibana's API keys page makes. */
export class SecurityApi {
  constructor(private readonly credentials: Credentials) {}

  authenticate(): Promise<AuthenticatedUser> {
    return esRequest(this.credentials, { method: 'GET', path: '/_security/_authenticate' });
  }

  hasPrivileges(): Promise<HasPrivilegesResponse> {
    return esRequest(this.credentials, {
      method: 'POST',
      path: '/_security/user/_has_privileges',
      body: { cluster: [...PAGE_PRIVILEGES] },
    });
  }

  queryApiKeys(body: Record<string, unknown>): Promise<QueryApiKeysResponse> {
    return esRequest(this.credentials, {
      method: 'POST',
      path: '/_security/_query/api_key',
      body,
    });
  }

  async getApiKey(id: string, withLimitedBy: boolean): Promise<ApiKeyInfo | undefined> {
    const params = new URLSearchParams({ id });
    if (withLimitedBy) {
      params.set('with_limited_by', 'true');
    }
    const response = await esRequest<{ api_keys: ApiKeyInfo[] }>(this.credentials, {
      method: 'GET',
      path: `/_security/api_key?${params.toString()}`,
    });
    return response.api_keys[0];
  }

  createApiKey(body: CreateApiKeyRequest): Promise<CreatedApiKey> {
    return esRequest(this.credentials, { method: 'POST', path: '/_security/api_key', body });
  }

  updateApiKey(id: string, body: UpdateApiKeyRequest): Promise<{ updated: boolean }> {
    return esRequest(this.credentials, {
      method: 'PUT',
      path: `/_security/api_key/${encodeURIComponent(id)}`,
      body,
    });
  }

  /** Extension (not in ES): `POST /_es_api_keys/api_key/{id}/_rotate`. */
  rotateApiKey(id: string): Promise<RotatedApiKey> {
    return esRequest(this.credentials, {
      method: 'POST',
      path: `/_es_api_keys/api_key/${encodeURIComponent(id)}/_rotate`,
    });
  }

  /** Extension (not in ES): `POST /_es_api_keys/api_key/{id}/_disable` or `_enable`. */
  setApiKeyDisabled(id: string, disabled: boolean): Promise<SetDisabledResponse> {
    return esRequest(this.credentials, {
      method: 'POST',
      path: `/_es_api_keys/api_key/${encodeURIComponent(id)}/${disabled ? '_disable' : '_enable'}`,
    });
  }

  invalidateApiKeys(ids: readonly string[]): Promise<InvalidateResponse> {
    return esRequest(this.credentials, {
      method: 'DELETE',
      path: '/_security/api_key',
      body: { ids: [...ids] },
    });
  }
}
