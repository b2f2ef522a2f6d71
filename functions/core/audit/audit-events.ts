/**
 * ES's audit event names (`xpack.security.audit.logfile.events.include/exclude`, AuditLevel).
 * Every name is accepted, as ES accepts it; this service has no IP filter, run-as, internal
 * users or realm chain, so `connection_*`, `run_as_*`, `system_access_granted`,
 * `realm_authentication_failed` and `tampered_request` are never written.
 */
export const AUDIT_EVENT_NAMES = [
  'anonymous_access_denied',
  'authentication_failed',
  'realm_authentication_failed',
  'access_granted',
  'access_denied',
  'tampered_request',
  'connection_granted',
  'connection_denied',
  'system_access_granted',
  'security_config_change',
  'authentication_success',
  'run_as_granted',
  'run_as_denied',
] as const;

export type AuditEventName = (typeof AUDIT_EVENT_NAMES)[number];

/** ES's default include set (LoggingAuditTrail.DEFAULT_EVENT_INCLUDES): no authentication_success. */
export const DEFAULT_AUDIT_EVENTS: readonly AuditEventName[] = [
  'access_denied',
  'access_granted',
  'anonymous_access_denied',
  'authentication_failed',
  'connection_denied',
  'tampered_request',
  'run_as_denied',
  'run_as_granted',
  'security_config_change',
];

const KNOWN = new Set<string>(AUDIT_EVENT_NAMES);

function isEventName(name: string): name is AuditEventName {
  return KNOWN.has(name);
}

/**
 * One list as ES's AuditLevel.parse reads it: names trimmed and lower-cased, `_all` for every
 * event; anything else is ES's `invalid event name specified [<name>]`.
 */
export function parseAuditEventList(names: readonly string[]): Set<AuditEventName> {
  const events = new Set<AuditEventName>();
  for (const name of names) {
    const lower = name.trim().toLowerCase();
    if (lower === '_all') {
      for (const known of AUDIT_EVENT_NAMES) {
        events.add(known);
      }
    } else if (isEventName(lower)) {
      events.add(lower);
    } else {
      throw new Error(`invalid event name specified [${name}]`);
    }
  }
  return events;
}

/** The included events minus the excluded ones, as ES combines the two settings. */
export function auditEvents(
  include: readonly string[],
  exclude: readonly string[],
): Set<AuditEventName> {
  const events = parseAuditEventList(include);
  for (const excluded of parseAuditEventList(exclude)) {
    events.delete(excluded);
  }
  return events;
}
