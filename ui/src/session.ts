import type { AuthenticatedUser, HasPrivilegesResponse, SecurityApi } from './api/security-api';

/** A signed-in tab: the API bound to its credentials, who that is, and what they may do. */
export interface Session {
  api: SecurityApi;
  user: AuthenticatedUser;
  rights: Rights;
}

export interface Rights {
  /** manage_api_key: every key, including invalidating other users' keys. */
  manageAll: boolean;
  /** manage_own_api_key (or manage_api_key): create, update and invalidate one's own keys. */
  manageOwn: boolean;
  /** Sees other users' keys (manage_api_key or read_security). */
  viewAll: boolean;
}

export function rightsFrom(response: HasPrivilegesResponse): Rights {
  const manageAll = response.cluster.manage_api_key === true;
  return {
    manageAll,
    manageOwn: manageAll || response.cluster.manage_own_api_key === true,
    viewAll: manageAll || response.cluster.read_security === true,
  };
}

export function ownsKey(session: Session, key: { username: string; realm: string }): boolean {
  return (
    key.username === session.user.username && key.realm === session.user.authentication_realm.name
  );
}
