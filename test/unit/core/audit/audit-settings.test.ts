import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../functions/config.js';
import { AUDIT_EVENT_NAMES } from '../../../../functions/core/audit/audit-events.js';
import { AuditTrail, auditTimestamp } from '../../../../functions/core/audit/audit-trail.js';
import { timeValueString } from '../../../../functions/core/audit/config-changes.js';

describe('AUDIT_* settings', () => {
  it('reads AUDIT_ENABLED as an ES boolean and refuses anything else, naming the variable', () => {
    expect(loadConfig({ AUDIT_ENABLED: 'false' }).audit.enabled).toBe(false);
    expect(loadConfig({ AUDIT_ENABLED: 'true' }).audit.enabled).toBe(true);
    expect(() => loadConfig({ AUDIT_ENABLED: 'yes' })).toThrow(
      'invalid AUDIT_ENABLED [yes]: expected true or false',
    );
  });

  it('combines include and exclude as ES does, names case-insensitive, _all for every event', () => {
    const events = (env: Record<string, string>) => [...loadConfig(env).audit.events].sort();

    expect(events({ AUDIT_EVENTS_INCLUDE: '_all' })).toEqual([...AUDIT_EVENT_NAMES].sort());
    expect(
      events({ AUDIT_EVENTS_INCLUDE: ' Authentication_Success, access_granted ,access_denied' }),
    ).toEqual(['access_denied', 'access_granted', 'authentication_success']);
    expect(
      events({ AUDIT_EVENTS_INCLUDE: '_all', AUDIT_EVENTS_EXCLUDE: 'access_granted,_all' }),
    ).toEqual([]);
    expect(events({ AUDIT_EVENTS_EXCLUDE: 'access_granted' })).not.toContain('access_granted');
    expect(events({ AUDIT_EVENTS_EXCLUDE: 'access_granted' })).toContain('access_denied');
  });

  it.each([
    ['AUDIT_EVENTS_INCLUDE', 'access_granted,access_grantd'],
    ['AUDIT_EVENTS_EXCLUDE', 'all'],
    ['AUDIT_EVENTS_INCLUDE', 'access_granted,'],
  ])('fails the cold start on an unknown event name in %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(`invalid ${name} [${value}]`);
  });

  it('makes a trail with no events inactive', () => {
    expect(new AuditTrail(new Set()).active).toBe(false);
    expect(new AuditTrail(new Set(['access_denied'])).active).toBe(true);
  });
});

describe('audit line formats', () => {
  it("writes ES's timestamp pattern, in UTC", () => {
    expect(auditTimestamp(Date.UTC(2026, 11, 1, 23, 5, 9, 42))).toBe(
      '2026-12-01T23:05:09,042+0000',
    );
  });

  it.each([
    [0, '0s'],
    [1, '1ms'],
    [1_500, '1.5s'],
    [90_000, '1.5m'],
    [3_600_000, '1h'],
    [86_400_000, '1d'],
    [90_000_000, '1d'],
    [129_600_000, '1.5d'],
    [30 * 86_400_000, '30d'],
    [100 * 60_000 + 1, '1.6h'],
  ])("writes %i ms as ES's TimeValue prints it: %s", (millis, text) => {
    expect(timeValueString(millis)).toBe(text);
  });

  it('writes fields in the order ES prints them, whatever order they are given in', () => {
    const lines: string[] = [];
    const trail = new AuditTrail(
      new Set(['access_granted']),
      (line) => lines.push(line),
      () => 0,
    );

    trail.write({ action: 'a', 'request.id': 'r', 'event.type': 'transport', 'user.name': 'u' });

    expect(lines).toEqual([
      '{"type":"audit","timestamp":"1970-01-01T00:00:00,000+0000","event.type":"transport","user.name":"u","request.id":"r","action":"a"}',
    ]);
  });
});
