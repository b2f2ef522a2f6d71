import { type Clock, systemClock } from '../clock.js';
import type { AuditEventName } from './audit-events.js';

/**
 * The fields of an audit line in the order Elasticsearch's audit appender prints them (its
 * log4j2 pattern): tools that read ES audit logs find the same names, values and nesting.
 */
const FIELD_ORDER = [
  'event.type',
  'event.action',
  'authentication.type',
  'user.name',
  'user.realm',
  'user.roles',
  'apikey.id',
  'apikey.name',
  'origin.type',
  'origin.address',
  'realm',
  'url.path',
  'url.query',
  'request.method',
  'request.id',
  'action',
  'request.name',
  'opaque_id',
  'x_forwarded_for',
  'put',
  'delete',
  'change',
  'create',
  'invalidate',
] as const;

export type AuditField = (typeof FIELD_ORDER)[number];

/** An event's fields; undefined ones are left out, as ES leaves out empty ones. */
export type AuditFields = Partial<Record<AuditField, unknown>>;

/** Where finished lines go: one JSON object per line, nothing else on it. */
export type AuditSink = (line: string) => void;

/**
 * Straight to stdout, not through `console`: under Lambda's JSON log format `console.*` output
 * is wrapped in Lambda's envelope (the line would become a `message` field), while what is
 * written to stdout reaches CloudWatch Logs as written, the flat object ES audit tools expect.
 */
export const STDOUT_SINK: AuditSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** ES's audit timestamp, `yyyy-MM-dd'T'HH:mm:ss,SSSZ`, in UTC: `2026-12-01T23:35:13,123+0000`. */
export function auditTimestamp(millis: number): string {
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 19)},${iso.slice(20, 23)}+0000`;
}

/** The audit log of one Lambda instance: which events are on, and where their lines go. */
export class AuditTrail {
  constructor(
    private readonly events: ReadonlySet<AuditEventName>,
    private readonly sink: AuditSink = STDOUT_SINK,
    private readonly clock: Clock = systemClock,
  ) {}

  /** False when nothing would ever be written: requests then skip the audit entirely. */
  get active(): boolean {
    return this.events.size > 0;
  }

  includes(event: AuditEventName): boolean {
    return this.events.has(event);
  }

  /** Writes one event; the caller has checked that it is included. */
  write(fields: AuditFields): void {
    const line: Record<string, unknown> = {
      type: 'audit',
      timestamp: auditTimestamp(this.clock()),
    };
    for (const field of FIELD_ORDER) {
      const value = fields[field];
      if (value !== undefined) {
        line[field] = value;
      }
    }
    this.sink(JSON.stringify(line));
  }
}
