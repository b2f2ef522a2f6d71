import type { ApiKeyInfo } from './api/security-api';

export type KeyStatus = 'active' | 'expired' | 'invalidated' | 'disabled';

export function keyStatus(key: ApiKeyInfo, now: number): KeyStatus {
  if (key.invalidated) {
    return 'invalidated';
  }
  if (key.expiration !== undefined && key.expiration <= now) {
    return 'expired';
  }
  return key.disabled ? 'disabled' : 'active';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3_600_000],
  ['month', 30 * 24 * 3_600_000],
  ['day', 24 * 3_600_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const exact = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

/** "in 3 days", "2 hours ago". */
export function relativeTime(epochMillis: number, now: number): string {
  const delta = epochMillis - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === 'second') {
      return relative.format(Math.round(delta / size), unit);
    }
  }
  return relative.format(0, 'second');
}

export function exactTime(epochMillis: number): string {
  return exact.format(new Date(epochMillis));
}
