import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  parseDateMath,
  startOfUnit,
  validateDateFormat,
} from '../../../../../functions/core/api-keys/query/dates.js';

const DAY = 86_400_000;
/** The last instant a JavaScript Date can hold: +275760-09-13T00:00:00.000Z. */
const JS_MAX = 8.64e15;

describe('date formats', () => {
  it('refuses an unknown format with ES`s DateFormatter error, naming the bad part', () => {
    expect(() => validateDateFormat('foo')).toThrowError(
      'Invalid format: [foo]: Unknown pattern letter: f',
    );
    expect(() => validateDateFormat('strict_date||yyyy-MM-dd||epoch_millis||bogus')).toThrowError(
      'Invalid format: [bogus]: Unknown pattern letter: b',
    );
    expect(() => validateDateFormat("yyyy 'at")).toThrowError(
      "Invalid format: [yyyy 'at]: Pattern ends with an incomplete string literal: yyyy 'at",
    );
    expect(() => validateDateFormat('yyyy#')).toThrowError(
      "Invalid format: [yyyy#]: Pattern includes reserved character: '#'",
    );
    // `n` (nano-of-second) is a pattern letter, `o` is not.
    expect(() => parseDateMath('2020', { now: 0, format: 'nope' })).toThrowError(
      'Invalid format: [nope]: Unknown pattern letter: o',
    );
  });

  it('accepts ES`s built-in names and valid java.time patterns', () => {
    for (const format of [
      'epoch_millis',
      'strict_date_optional_time',
      'basic_date_time',
      'strict_weekyear_week_day',
      'yyyy/MM/dd HH:mm',
      "yyyy-MM-dd'T'HH[:mm]",
    ]) {
      expect(() => validateDateFormat(format)).not.toThrow();
    }
  });

  it('prints custom patterns in UTC', () => {
    const millis = Date.UTC(2026, 0, 5, 13, 4, 5, 6);
    expect(formatDate(millis, "yyyy/MM/dd HH:mm:ss.SSS EEE MMM a 'o''clock'")).toBe(
      "2026/01/05 13:04:05.006 Mon Jan PM o'clock",
    );
    expect(formatDate(millis, 'yy-M-d')).toBe('26-1-5');
  });
});

describe('dates past JavaScript`s range', () => {
  it('formats instants beyond 8.64e15 ms as java.time does, in every format, without throwing', () => {
    const poisoned = JS_MAX + DAY + 3_600_000;
    expect(formatDate(poisoned, 'strict_date_optional_time')).toBe('+275760-09-14T01:00:00.000Z');
    expect(formatDate(poisoned, 'strict_date')).toBe('+275760-09-14');
    expect(formatDate(poisoned, 'yyyy-MM-dd HH')).toBe('275760-09-14 01');
    expect(formatDate(poisoned)).toBe(String(poisoned));
    expect(formatDate(1e300, 'date_time')).toBe('1e+300');
    expect(formatDate(-JS_MAX - DAY, 'date_time')).toBe('-271821-04-19T00:00:00.000Z');
  });

  it('rounds instants beyond 8.64e15 ms to calendar units', () => {
    const poisoned = JS_MAX + 5 * DAY + 123;
    expect(startOfUnit(poisoned, 'd')).toBe(JS_MAX + 5 * DAY);
    // 8.64e15 is Saturday 13 September 275760: the month began 12 days before it.
    expect(startOfUnit(poisoned, 'M')).toBe(JS_MAX - 12 * DAY);
    expect(startOfUnit(poisoned, 'w')).toBe(JS_MAX + 2 * DAY);
    expect(formatDate(startOfUnit(poisoned, 'y'), 'date_time')).toBe('+275760-01-01T00:00:00.000Z');
  });

  it('agrees with Date wherever Date exists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -8.6e15, max: 8.6e15 }),
        fc.constantFrom('y', 'M', 'w', 'd', 'h', 'm', 's'),
        (millis, unit) => {
          const date = new Date(millis);
          const year = date.getUTCFullYear();
          if (year >= 0 && year <= 9999) {
            expect(formatDate(millis, 'strict_date_optional_time')).toBe(date.toISOString());
          }
          const start = new Date(startOfUnit(millis, unit));
          expect(start.getTime()).toBeLessThanOrEqual(millis);
          if (unit === 'M') {
            expect(start.getUTCDate()).toBe(1);
            expect(start.getUTCMonth()).toBe(date.getUTCMonth());
          }
          if (unit === 'y') {
            expect([start.getUTCMonth(), start.getUTCDate()]).toEqual([0, 1]);
            expect(start.getUTCFullYear()).toBe(year);
          }
          if (unit === 'w') {
            expect(start.getUTCDay()).toBe(1);
            expect(millis - start.getTime()).toBeLessThan(7 * DAY);
          }
        },
      ),
    );
  });
});
