import type { Authentication } from './authentication.js';
import { hasApplicationPrivilege } from './privileges.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The application privilege a gateway route needs: `read` for safe methods, `write` otherwise. */
export function requiredPrivilege(method: string): 'read' | 'write' {
  return READ_METHODS.has(method.toUpperCase()) ? 'read' : 'write';
}

/**
 * Whether the caller may call `method path` on a protected API: an `applications` privilege on
 * the API's application name, with the request path as the resource. `all` and `*` cover every
 * method; names and resources match with ES wildcards.
 */
export function mayAccessRoute(
  authentication: Authentication,
  application: string,
  method: string,
  path: string,
): boolean {
  return hasApplicationPrivilege(authentication, application, requiredPrivilege(method), path);
}
