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

/** A time zone: its offset from UTC, in ms, at a UTC instant. */
export interface Zone {
  offsetAt(utcMillis: number): number;
}

const UTC_ZONE: Zone = { offsetAt: () => 0 };

function fixedZone(text: string): Zone | undefined {
  if (text === 'Z' || text === 'UTC' || text === 'GMT' || text === 'Etc/UTC') {
    return UTC_ZONE;
  }
  const match = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!match) {
    return undefined;
  }
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 18 || minutes > 59 || (hours === 18 && minutes > 0)) {
    throw illegalArgument(`Zone offset not in valid range: -18:00 to +18:00 [${text}]`);
  }
  const sign = match[1] === '-' ? -1 : 1;
  const offset = sign * (hours * 3_600_000 + minutes * 60_000);
  return { offsetAt: () => offset };
}

/** An IANA zone (`Europe/Paris`), whose offset follows daylight saving time. */
function namedZone(name: string): Zone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw illegalArgument(`Unknown time-zone ID: ${name}`);
  }
  return {
    offsetAt(utcMillis) {
      const parts = new Map(
        format.formatToParts(new Date(utcMillis)).map((part) => [part.type, part.value]),
      );
      const number = (type: Intl.DateTimeFormatPartTypes) => Number(parts.get(type) ?? 0);
      // en-US prints BC years unsigned: 1 BC is year 0, 2 BC year -1.
      const year = parts.get('era') === 'BC' ? 1 - number('year') : number('year');
      const local = new Date(0);
      local.setUTCFullYear(year, number('month') - 1, number('day'));
      local.setUTCHours(number('hour'), number('minute'), number('second'), 0);
      const wholeSecond = utcMillis - (((utcMillis % 1000) + 1000) % 1000);
      return local.getTime() - wholeSecond;
    },
  };
}

export function parseTimeZone(name: string | undefined): Zone {
  return name === undefined ? UTC_ZONE : (fixedZone(name) ?? namedZone(name));
}

/** Longer than any daylight saving shift: the offsets in force on either side of a transition. */
const TRANSITION_WINDOW = 14 * 3_600_000;

/**
 * The UTC instant of a local wall-clock time in `zone`, resolved as java.time does: in an
 * overlap (clocks set back) the earlier instant; in a gap (clocks set forward) the local time
 * moved later by the gap.
 */
function toUtc(local: number, zone: Zone): number {
  const before = zone.offsetAt(local - TRANSITION_WINDOW);
  const after = zone.offsetAt(local + TRANSITION_WINDOW);
  const valid = [before, after]
    .map((offset) => local - offset)
    .filter((instant) => local - zone.offsetAt(instant) === instant);
  return valid.length > 0 ? Math.min(...valid) : local - before;
}

function parseFailure(text: string, format: string): EsError {
  const message = `failed to parse date field [${text}] with format [${format}]`;
  return new EsError(400, 'parse_exception', `${message}: [${message}]`);
}

function utcDate(year: number, month: number, day: number, time = 0): number {
  const date = new Date(Date.UTC(2000, month, day) + time);
  date.setUTCFullYear(year);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcDate(year, month + 1, 1) - 86_400_000).getUTCDate();
}

/**
 * An ISO date with optional parts. Rounding up fills the parts left out with their maximum, as
 * ES's round-up parser does: `2014-11-18` read for `lte` is `2014-11-18T23:59:59.999`.
 */
function parseIso(text: string, zone: Zone, rounding: Rounding): number | undefined {
  const match = ISO.exec(text);
  if (!match) {
    return undefined;
  }
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, offset] =
    match;
  const year = Number(yearText);
  const month = Number(monthText ?? 1) - 1;
  const day = Number(dayText ?? 1);
  const hour = Number(hourText ?? 0);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  if (
    month > 11 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const millis = Number((fraction ?? '0').padEnd(3, '0').slice(0, 3));
  let local = utcDate(year, month, day, ((hour * 60 + minute) * 60 + second) * 1000 + millis);
  if (rounding === 'up' && fraction === undefined) {
    const unit =
      monthText === undefined
        ? 'y'
        : dayText === undefined
          ? 'M'
          : hourText === undefined
            ? 'd'
            : minuteText === undefined
              ? 'h'
              : secondText === undefined
                ? 'm'
                : 's';
    local = addUnit(local, 1, unit) - 1;
  }
  const explicit = offset === undefined ? undefined : fixedZone(offset);
  return explicit ? local - explicit.offsetAt(local) : toUtc(local, zone);
}

/** Parses one date (no math) in any of the `||`-separated formats. */
function parseDate(text: string, format: string, zone: Zone, rounding: Rounding): number {
  for (const one of format.split('||')) {
    if (one === 'epoch_millis' && /^-?\d+(\.\d+)?$/.test(text)) {
      return Math.trunc(Number(text));
    }
    if (one === 'epoch_second' && /^-?\d+(\.\d+)?$/.test(text)) {
      return Math.trunc(Number(text) * 1000);
    }
    if (ISO_FORMATS.has(one)) {
      const millis = parseIso(text, zone, rounding);
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

/**
 * The start of the date-math unit (`y M w d h m s`) containing a wall-clock time; in UTC, the
 * start of the unit containing an instant. Weeks start on Monday.
 */
export function startOfUnit(local: number, unit: string): number {
  const date = new Date(local);
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  const dayStart = utcDate(y, mo, d);
  switch (unit) {
    case 'y':
      return utcDate(y, 0, 1);
    case 'M':
      return utcDate(y, mo, 1);
    case 'w':
      return dayStart - ((date.getUTCDay() + 6) % 7) * 86_400_000;
    case 'd':
      return dayStart;
    case 'h':
    case 'H':
      return local - ((local - dayStart) % 3_600_000);
    case 'm':
      return local - ((local - dayStart) % 60_000);
    default:
      return local - ((local - dayStart) % 1_000);
  }
}

/**
 * ES date math on a date field: `now`, `now-1d/d`, `2024-01-01||+1M/M`, or a plain date in the
 * given format. Rounding resolves down (`gte`, `lt`) or up to the unit's last ms (`gt`, `lte`);
 * calendar math and rounding happen on the wall clock of `time_zone`.
 */
export function parseDateMath(
  value: string | number,
  options: { now: number; format?: string; timeZone?: string; rounding?: Rounding },
): number {
  const format = options.format ?? 'epoch_millis';
  const zone = parseTimeZone(options.timeZone);
  const rounding = options.rounding ?? 'down';
  const invalid = () =>
    new EsError(400, 'parse_exception', `could not read the date math expression [${value}]`);
  const finite = (millis: number) => {
    // Beyond ±8.64e15 ms a JavaScript date does not exist (and ES's range ends near there too).
    if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) {
      throw invalid();
    }
    return millis;
  };
  if (typeof value === 'number') {
    return finite(Math.trunc(value));
  }
  let base: number;
  let math: string;
  if (value.startsWith('now')) {
    base = options.now;
    math = value.slice(3);
  } else {
    const split = value.indexOf('||');
    if (split < 0) {
      return finite(parseDate(value, format, zone, rounding));
    }
    base = parseDate(value.slice(0, split), format, zone, 'down');
    math = value.slice(split + 2);
  }
  if (math === '') {
    return finite(base);
  }
  let local = base + zone.offsetAt(base);
  let rest = math;
  while (rest.length > 0) {
    const op = rest[0];
    rest = rest.slice(1);
    if (op === '/') {
      const unit = UNIT.exec(rest)?.[0];
      if (!unit) {
        throw invalid();
      }
      rest = rest.slice(1);
      local = startOfUnit(local, unit);
      if (rounding === 'up') {
        local = addUnit(local, 1, unit) - 1;
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
    local = addUnit(local, op === '-' ? -amount : amount, unit);
  }
  return finite(toUtc(finite(local), zone));
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
