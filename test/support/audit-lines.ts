import { expect } from 'vitest';

/** Every field name ES's audit appender prints (its log4j2 pattern), nested config objects aside. */
export const ES_AUDIT_FIELDS = new Set([
  'type',
  'timestamp',
  'cluster.name',
  'cluster.uuid',
  'node.name',
  'node.id',
  'host.name',
  'host.ip',
  'event.type',
  'event.action',
  'authentication.type',
  'user.name',
  'user.run_by.name',
  'user.run_as.name',
  'user.realm',
  'user.run_by.realm',
  'user.run_as.realm',
  'user.roles',
  'apikey.id',
  'apikey.name',
  'authentication.token.name',
  'authentication.token.type',
  'origin.type',
  'origin.address',
  'realm',
  'url.path',
  'url.query',
  'request.method',
  'request.body',
  'request.id',
  'action',
  'request.name',
  'indices',
  'opaque_id',
  'trace.id',
  'x_forwarded_for',
  'transport.profile',
  'rule',
  'put',
  'delete',
  'change',
  'create',
  'invalidate',
]);

/** ES's `event.action` values per `event.type` (its audit events reference). */
const ACTIONS: Record<string, readonly string[]> = {
  rest: [
    'authentication_success',
    'anonymous_access_denied',
    'authentication_failed',
    'realm_authentication_failed',
    'tampered_request',
    'run_as_denied',
  ],
  transport: [
    'authentication_success',
    'anonymous_access_denied',
    'authentication_failed',
    'realm_authentication_failed',
    'access_granted',
    'access_denied',
    'run_as_granted',
    'run_as_denied',
    'tampered_request',
  ],
  security_config_change: [
    'put_user',
    'change_password',
    'put_role',
    'put_role_mapping',
    'change_enable_user',
    'change_disable_user',
    'put_privileges',
    'create_apikey',
    'create_service_token',
    'delete_user',
    'delete_role',
    'delete_role_mapping',
    'delete_service_token',
    'invalidate_apikeys',
    'delete_privileges',
    'change_apikey',
    'change_apikeys',
  ],
};

/** The one nested object each config change carries. */
const CHANGE_OBJECT: Record<string, string> = {
  put_user: 'put',
  put_role: 'put',
  delete_user: 'delete',
  delete_role: 'delete',
  create_apikey: 'create',
  change_apikey: 'change',
  change_apikeys: 'change',
  invalidate_apikeys: 'invalidate',
};

export type AuditLine = Record<string, unknown>;

/** The audit events among output text: every line that is a JSON object of `type: audit`. */
export function auditLines(output: string): AuditLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"type":"audit"'))
    .map((line) => JSON.parse(line) as AuditLine);
}

/** Fails unless `line` has ES's shape: known fields only, its timestamp format, a valid action. */
export function expectEsShape(line: AuditLine): void {
  expect(Object.keys(line).filter((field) => !ES_AUDIT_FIELDS.has(field))).toEqual([]);
  expect(Object.keys(line).slice(0, 2)).toEqual(['type', 'timestamp']);
  expect(line['timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d{3}\+0000$/);
  const type = String(line['event.type']);
  expect(ACTIONS[type] ?? []).toContain(line['event.action']);
  expect(typeof line['request.id']).toBe('string');
  if (type === 'security_config_change') {
    const object = CHANGE_OBJECT[String(line['event.action'])] ?? '';
    expect(typeof line[object]).toBe('object');
    expect(line['origin.type']).toBeUndefined();
  } else {
    expect(line['origin.type']).toBe('rest');
  }
  if (type === 'transport') {
    expect(typeof line['action']).toBe('string');
    expect(typeof line['request.name']).toBe('string');
  }
}

/** Fails if any of `secrets` (or a password hash) appears anywhere in `output`. */
export function expectNoSecrets(output: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(5);
    expect(output.includes(secret), `a secret appears in the output: ${secret.slice(0, 3)}…`).toBe(
      false,
    );
  }
  // bcrypt ($2a$/$2b$/$2y$) and ES's salted-hash prefixes, and the stored field names.
  expect(output).not.toMatch(/\$2[aby]\$\d\d\$|\{SSHA256\}|\{PBKDF2|api_key_hash|password_hash/);
}
