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
    } else if (!BUILT_IN_FORMATS.has(one)) {
      // A custom java.time pattern: refused when invalid, as ES does; parsing one is not supported.
      patternParts(one);
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

const DAY = 86_400_000;

/** The proleptic Gregorian date of a day number since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yoe + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: doy - Math.floor((153 * mp + 2) / 5) + 1,
  };
}

/** The day number since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * The start of the date-math unit (`y M w d h m s`) containing a wall-clock time; in UTC, the
 * start of the unit containing an instant. Weeks start on Monday. Plain arithmetic rather than
 * `Date`, so instants past JavaScript's date range (a stored far-future expiration) still round.
 */
export function startOfUnit(local: number, unit: string): number {
  const days = Math.floor(local / DAY);
  const dayStart = days * DAY;
  switch (unit) {
    case 'y':
      return daysFromCivil(civilFromDays(days).year, 1, 1) * DAY;
    case 'M': {
      const { year, month } = civilFromDays(days);
      return daysFromCivil(year, month, 1) * DAY;
    }
    case 'w':
      // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
      return dayStart - ((((days + 3) % 7) + 7) % 7) * DAY;
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

/** ES's built-in date format names (DateFormatters), each valid wherever a `format` is taken. */
const BUILT_IN_FORMATS = new Set([
  'epoch_millis',
  'epoch_second',
  'iso8601',
  'strict_date_optional_time_nanos',
  ...[
    'basic_date',
    'basic_date_time',
    'basic_date_time_no_millis',
    'basic_ordinal_date',
    'basic_ordinal_date_time',
    'basic_ordinal_date_time_no_millis',
    'basic_time',
    'basic_time_no_millis',
    'basic_t_time',
    'basic_t_time_no_millis',
    'basic_week_date',
    'basic_week_date_time',
    'basic_week_date_time_no_millis',
    'date',
    'date_hour',
    'date_hour_minute',
    'date_hour_minute_second',
    'date_hour_minute_second_fraction',
    'date_hour_minute_second_millis',
    'date_optional_time',
    'date_time',
    'date_time_no_millis',
    'hour',
    'hour_minute',
    'hour_minute_second',
    'hour_minute_second_fraction',
    'hour_minute_second_millis',
    'ordinal_date',
    'ordinal_date_time',
    'ordinal_date_time_no_millis',
    'time',
    'time_no_millis',
    't_time',
    't_time_no_millis',
    'week_date',
    'week_date_time',
    'week_date_time_no_millis',
    'weekyear',
    'weekyear_week',
    'weekyear_week_day',
    'year',
    'year_month',
    'year_month_day',
  ].flatMap((name) => [name, `strict_${name}`]),
]);

/** java.time's pattern letters (DateTimeFormatterBuilder.appendPattern, JDK 21). */
const PATTERN_LETTERS = new Set('GuyDMLdgQqYwWEecFaBhKkHmsSAnNVvzOXxZp');

/** One piece of a custom pattern: a run of one pattern letter, or literal text. */
type PatternPart = { letter: string; count: number } | { text: string };

function invalidFormat(part: string, reason: string): EsError {
  return illegalArgument(`Invalid format: [${part}]: ${reason}`);
}

/** Splits a java.time pattern as appendPattern reads it, with its errors for a bad pattern. */
function patternParts(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let optional = 0;
  for (let i = 0; i < pattern.length; ) {
    const char = pattern[i] as string;
    if (/[A-Za-z]/.test(char)) {
      if (!PATTERN_LETTERS.has(char)) {
        throw invalidFormat(pattern, `Unknown pattern letter: ${char}`);
      }
      let end = i;
      while (pattern[end] === char) {
        end += 1;
      }
      parts.push({ letter: char, count: end - i });
      i = end;
    } else if (char === "'") {
      let end = i + 1;
      let text = '';
      for (;;) {
        if (end >= pattern.length) {
          throw invalidFormat(
            pattern,
            `Pattern ends with an incomplete string literal: ${pattern}`,
          );
        }
        if (pattern[end] === "'") {
          if (pattern[end + 1] !== "'") {
            break;
          }
          end += 1;
        }
        text += pattern[end];
        end += 1;
      }
      parts.push({ text: end === i + 1 ? "'" : text });
      i = end + 1;
    } else if (char === '#' || char === '{' || char === '}') {
      throw invalidFormat(pattern, `Pattern includes reserved character: '${char}'`);
    } else {
      if (char === '[') {
        optional += 1;
      } else if (char === ']') {
        if (optional === 0) {
          throw invalidFormat(pattern, 'Pattern invalid as it contains ] without previous [');
        }
        optional -= 1;
      } else {
        parts.push({ text: char });
      }
      i += 1;
    }
  }
  return parts;
}

/**
 * Checks a `format` (`||`-separated) as ES's DateFormatter.forPattern does: each part a
 * built-in name or a valid java.time pattern; ES's 400 otherwise.
 */
export function validateDateFormat(format: string): void {
  for (const part of format.split('||')) {
    if (!BUILT_IN_FORMATS.has(part) && !ISO_FORMATS.has(part)) {
      patternParts(part);
    }
  }
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  dayOfWeek: number;
  dayOfYear: number;
}

function civil(millis: number): Civil {
  const days = Math.floor(millis / DAY);
  const inDay = millis - days * DAY;
  const date = civilFromDays(days);
  return {
    ...date,
    hour: Math.floor(inDay / 3_600_000),
    minute: Math.floor(inDay / 60_000) % 60,
    second: Math.floor(inDay / 1000) % 60,
    millis: Math.floor(inDay % 1000),
    dayOfWeek: ((((days + 3) % 7) + 7) % 7) + 1,
    dayOfYear: days - daysFromCivil(date.year, 1, 1) + 1,
  };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** A year as java.time's ISO formats print it: 4 digits, a sign past 9999 or before year 0. */
function isoYear(year: number): string {
  if (year > 9999) {
    return `+${year}`;
  }
  return year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
}

function isoDate(c: Civil): string {
  return `${isoYear(c.year)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

function isoDateTime(c: Civil): string {
  return `${isoDate(c)}T${pad(c.hour, 2)}:${pad(c.minute, 2)}:${pad(c.second, 2)}.${pad(c.millis, 3)}Z`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One run of a pattern letter in UTC, or undefined for a letter this service does not print. */
function patternField(c: Civil, letter: string, count: number): string | undefined {
  const name = (names: string[], index: number) => {
    const full = names[index] as string;
    return count >= 4 ? full : full.slice(0, 3);
  };
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return count === 2 ? pad(((c.year % 100) + 100) % 100, 2) : pad(c.year, count);
    case 'M':
    case 'L':
      return count >= 3 ? name(MONTHS, c.month - 1) : pad(c.month, count);
    case 'd':
      return pad(c.day, count);
    case 'D':
      return pad(c.dayOfYear, count);
    case 'E':
      return name(WEEKDAYS, c.dayOfWeek - 1);
    case 'H':
      return pad(c.hour, count);
    case 'k':
      return pad(c.hour === 0 ? 24 : c.hour, count);
    case 'h':
      return pad(c.hour % 12 === 0 ? 12 : c.hour % 12, count);
    case 'K':
      return pad(c.hour % 12, count);
    case 'a':
      return c.hour < 12 ? 'AM' : 'PM';
    case 'm':
      return pad(c.minute, count);
    case 's':
      return pad(c.second, count);
    case 'S':
      return pad(c.millis, 3).padEnd(count, '0').slice(0, count);
    case 'X':
      return 'Z';
    case 'x':
    case 'Z':
      return count === 5 || (letter === 'x' && count >= 3) ? '+00:00' : '+0000';
    default:
      return undefined;
  }
}

/**
 * A date as ES renders it in `*_as_string` and formatted sort values: by default in the API key
 * index's mapping format, `epoch_millis`; ISO formats and custom patterns in UTC. Never throws:
 * a stored date past JavaScript's range still prints.
 */
export function formatDate(millis: number, format = 'epoch_millis'): string {
  const first = format.split('||')[0] as string;
  // Past 2^53 ms (year 287396) a double no longer counts single milliseconds: print the number.
  if (first === 'epoch_millis' || !Number.isSafeInteger(Math.trunc(millis))) {
    return String(millis);
  }
  if (first === 'epoch_second') {
    return String(Math.trunc(millis / 1000));
  }
  const c = civil(millis);
  if (first === 'strict_date' || first === 'date' || first === 'yyyy-MM-dd') {
    return isoDate(c);
  }
  if (BUILT_IN_FORMATS.has(first) || ISO_FORMATS.has(first)) {
    return isoDateTime(c);
  }
  try {
    let out = '';
    for (const part of patternParts(first)) {
      const text = 'text' in part ? part.text : patternField(c, part.letter, part.count);
      if (text === undefined) {
        return isoDateTime(c);
      }
      out += text;
    }
    return out;
  } catch {
    return isoDateTime(c);
  }
}
