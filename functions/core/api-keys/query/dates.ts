import { EsError, illegalArgument } from '../../errors.js';

/** How a date-math rounding (`/d`) resolves: to the start of the unit, or to its last millisecond. */
export type Rounding = 'down' | 'up';

const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The date formats this service understands, by ES name. `epoch_millis` is the mapping's format. */
const ISO_FORMATS = new Set([
  'strict_date_optional_time',
  'date_optional_time',
  'strict_date_optional_time_nanos',
  'strict_date_time',
  'date_time',
  'strict_date_time_no_millis',
  'date_time_no_millis',
  'strict_date',
  'date',
  'strict_date_hour_minute_second',
  'date_hour_minute_second',
  'yyyy-MM-dd',
  'iso8601',
]);

function offsetMillis(zone: string): number {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT' || zone === 'Etc/UTC') {
    return 0;
  }
  const match = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!match) {
    throw illegalArgument(
      `time_zone [${zone}] is not supported: use UTC or a fixed offset such as +01:00`,
    );
  }
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 3_600_000 + Number(match[3] ?? 0) * 60_000);
}

export function parseTimeZone(zone: string | undefined): number {
  return zone === undefined ? 0 : offsetMillis(zone);
}

function parseFailure(text: string, format: string): EsError {
  const message = `failed to parse date field [${text}] with format [${format}]`;
  return new EsError(400, 'parse_exception', `${message}: [${message}]`);
}

function parseIso(text: string, zoneOffset: number): number | undefined {
  const match = ISO.exec(text);
  if (!match) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const utc = Date.UTC(
    Number(year),
    Number(month ?? 1) - 1,
    Number(day ?? 1),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
    Number((fraction ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  if (Number.isNaN(utc)) {
    return undefined;
  }
  return utc - (zone === undefined ? zoneOffset : offsetMillis(zone));
}

/** Parses one date (no math) in any of the `||`-separated formats. */
function parseDate(text: string, format: string, zoneOffset: number): number {
  for (const one of format.split('||')) {
    if (one === 'epoch_millis' && /^-?\d+(\.\d+)?$/.test(text)) {
      return Math.trunc(Number(text));
    }
    if (one === 'epoch_second' && /^-?\d+(\.\d+)?$/.test(text)) {
      return Math.trunc(Number(text) * 1000);
    }
    if (ISO_FORMATS.has(one)) {
      const millis = parseIso(text, zoneOffset);
      if (millis !== undefined) {
        return millis;
      }
    } else if (one !== 'epoch_millis' && one !== 'epoch_second') {
      throw illegalArgument(`Invalid format: [${format}]: Unknown pattern letter: ${one}`);
    }
  }
  throw parseFailure(text, format);
}

const UNIT = /^[yMwdhHms]/;

function addUnit(millis: number, amount: number, unit: string): number {
  const date = new Date(millis);
  switch (unit) {
    case 'y':
      date.setUTCFullYear(date.getUTCFullYear() + amount);
      return date.getTime();
    case 'M':
      date.setUTCMonth(date.getUTCMonth() + amount);
      return date.getTime();
    case 'w':
      return millis + amount * 7 * 86_400_000;
    case 'd':
      return millis + amount * 86_400_000;
    case 'h':
    case 'H':
      return millis + amount * 3_600_000;
    case 'm':
      return millis + amount * 60_000;
    default:
      return millis + amount * 1_000;
  }
}

function roundDown(millis: number, unit: string, zoneOffset: number): number {
  const local = new Date(millis + zoneOffset);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth();
  const d = local.getUTCDate();
  const h = local.getUTCHours();
  const mi = local.getUTCMinutes();
  const s = local.getUTCSeconds();
  let start: number;
  switch (unit) {
    case 'y':
      start = Date.UTC(y, 0, 1);
      break;
    case 'M':
      start = Date.UTC(y, mo, 1);
      break;
    case 'w':
      start = Date.UTC(y, mo, d - ((local.getUTCDay() + 6) % 7));
      break;
    case 'd':
      start = Date.UTC(y, mo, d);
      break;
    case 'h':
    case 'H':
      start = Date.UTC(y, mo, d, h);
      break;
    case 'm':
      start = Date.UTC(y, mo, d, h, mi);
      break;
    default:
      start = Date.UTC(y, mo, d, h, mi, s);
  }
  return start - zoneOffset;
}

/**
 * ES date math on a date field: `now`, `now-1d/d`, `2024-01-01||+1M/M`, or a plain date in the
 * given format. Rounding resolves down (`gte`, `lt`) or up to the unit's last ms (`gt`, `lte`).
 */
export function parseDateMath(
  value: string | number,
  options: { now: number; format?: string; timeZone?: string; rounding?: Rounding },
): number {
  const format = options.format ?? 'epoch_millis';
  const zoneOffset = parseTimeZone(options.timeZone);
  if (typeof value === 'number') {
    return Math.trunc(value);
  }
  let base: number;
  let math: string;
  if (value.startsWith('now')) {
    base = options.now;
    math = value.slice(3);
  } else {
    const split = value.indexOf('||');
    if (split < 0) {
      return parseDate(value, format, zoneOffset);
    }
    base = parseDate(value.slice(0, split), format, zoneOffset);
    math = value.slice(split + 2);
  }
  let result = base;
  let rest = math;
  const invalid = () =>
    new EsError(400, 'parse_exception', `could not read the date math expression [${value}]`);
  while (rest.length > 0) {
    const op = rest[0];
    rest = rest.slice(1);
    if (op === '/') {
      const unit = UNIT.exec(rest)?.[0];
      if (!unit) {
        throw invalid();
      }
      rest = rest.slice(1);
      result = roundDown(result, unit, zoneOffset);
      if (options.rounding === 'up') {
        result = addUnit(result, 1, unit) - 1;
      }
      continue;
    }
    if (op !== '+' && op !== '-') {
      throw invalid();
    }
    const digits = /^\d*/.exec(rest)?.[0] ?? '';
    rest = rest.slice(digits.length);
    const unit = UNIT.exec(rest)?.[0];
    if (!unit) {
      throw invalid();
    }
    rest = rest.slice(1);
    const amount = digits === '' ? 1 : Number(digits);
    result = addUnit(result, op === '-' ? -amount : amount, unit);
  }
  return result;
}

/**
 * A date as ES renders it in `*_as_string` and formatted sort values: by default in the API key
 * index's mapping format, `epoch_millis`; ISO formats in UTC.
 */
export function formatDate(millis: number, format = 'epoch_millis'): string {
  const first = format.split('||')[0];
  if (first === 'epoch_millis') {
    return String(millis);
  }
  if (first === 'epoch_second') {
    return String(Math.trunc(millis / 1000));
  }
  if (first === 'strict_date' || first === 'date' || first === 'yyyy-MM-dd') {
    return new Date(millis).toISOString().slice(0, 10);
  }
  return new Date(millis).toISOString();
}
