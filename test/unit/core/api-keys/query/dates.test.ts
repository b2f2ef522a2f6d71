import { describe, expect, it } from 'vitest';
import { formatDate, parseDateMath } from '../../../../../functions/core/api-keys/query/dates.js';

const NOW = Date.UTC(2014, 10, 18, 14, 27, 30, 123);

describe('ES date math', () => {
  it('rounds as the range query documents: gte/lt down, gt/lte up to the last millisecond', () => {
    const iso = (millis: number) => new Date(millis).toISOString();

    expect(iso(parseDateMath('now/M', { now: NOW, rounding: 'down' }))).toBe(
      '2014-11-01T00:00:00.000Z',
    );
    expect(iso(parseDateMath('now/M', { now: NOW, rounding: 'up' }))).toBe(
      '2014-11-30T23:59:59.999Z',
    );
    expect(iso(parseDateMath('now-1d/d', { now: NOW }))).toBe('2014-11-17T00:00:00.000Z');
    expect(iso(parseDateMath('now+1h', { now: NOW }))).toBe('2014-11-18T15:27:30.123Z');
    expect(iso(parseDateMath('now/w', { now: NOW }))).toBe('2014-11-17T00:00:00.000Z');
  });

  it('reads epoch_millis by default and ISO dates only when a format says so', () => {
    expect(parseDateMath('1416320850123', { now: NOW })).toBe(1416320850123);
    expect(parseDateMath(42, { now: NOW })).toBe(42);
    expect(
      parseDateMath('2014-11-18||+1M/d', { now: NOW, format: 'strict_date_optional_time' }),
    ).toBe(Date.UTC(2014, 11, 18));
    expect(() => parseDateMath('2014-11-18', { now: NOW })).toThrowError(
      'failed to parse date field [2014-11-18] with format [epoch_millis]: [failed to parse date field [2014-11-18] with format [epoch_millis]]',
    );
  });

  it('rounds in a fixed-offset time zone', () => {
    const start = parseDateMath('now/d', { now: NOW, timeZone: '+05:00' });

    expect(new Date(start).toISOString()).toBe('2014-11-17T19:00:00.000Z');
  });

  it('rejects malformed math', () => {
    expect(() => parseDateMath('now+1x', { now: NOW })).toThrowError(
      'could not read the date math expression [now+1x]',
    );
  });

  it('formats in the mapping`s epoch_millis unless another format is asked for', () => {
    expect(formatDate(1234)).toBe('1234');
    expect(formatDate(0, 'strict_date_optional_time')).toBe('1970-01-01T00:00:00.000Z');
    expect(formatDate(Date.UTC(2020, 1, 3), 'yyyy-MM-dd')).toBe('2020-02-03');
  });

  it('fills the parts a date leaves out with their maximum when rounding up', () => {
    const iso = 'strict_date_optional_time';

    expect(parseDateMath('2023-11-14', { now: NOW, format: iso, rounding: 'up' })).toBe(
      Date.UTC(2023, 10, 15) - 1,
    );
    expect(parseDateMath('2023-11', { now: NOW, format: iso, rounding: 'up' })).toBe(
      Date.UTC(2023, 11, 1) - 1,
    );
    expect(parseDateMath('2023-11-14T10:20:30', { now: NOW, format: iso, rounding: 'up' })).toBe(
      Date.UTC(2023, 10, 14, 10, 20, 30, 999),
    );
    expect(parseDateMath('2023-11-14', { now: NOW, format: iso })).toBe(Date.UTC(2023, 10, 14));
  });

  it('rejects impossible dates, years are taken literally, and non-finite math fails', () => {
    const iso = 'strict_date_optional_time';

    expect(() => parseDateMath('2023-13-45', { now: NOW, format: iso })).toThrowError(
      /failed to parse date field \[2023-13-45\]/,
    );
    expect(new Date(parseDateMath('0050-01-01', { now: NOW, format: iso })).getUTCFullYear()).toBe(
      50,
    );
    expect(() => parseDateMath('now+999999999y', { now: NOW })).toThrowError(
      'could not read the date math expression [now+999999999y]',
    );
    expect(() => parseDateMath(1e17, { now: NOW })).toThrowError(/could not read/);
  });

  it('rounds on the wall clock of a named time zone, daylight saving included', () => {
    const summer = Date.UTC(2024, 6, 10, 12);
    const winter = Date.UTC(2024, 0, 10, 12);

    expect(
      new Date(parseDateMath('now/d', { now: summer, timeZone: 'Europe/Paris' })).toISOString(),
    ).toBe('2024-07-09T22:00:00.000Z');
    expect(
      new Date(parseDateMath('now/d', { now: winter, timeZone: 'Europe/Paris' })).toISOString(),
    ).toBe('2024-01-09T23:00:00.000Z');
    expect(() => parseDateMath('now', { now: NOW, timeZone: 'Mars/Olympus' })).toThrowError(
      'Unknown time-zone ID: Mars/Olympus',
    );
  });

  it('resolves daylight saving gaps and overlaps as java.time does', () => {
    const iso = 'strict_date_optional_time';
    const at = (text: string, timeZone: string) =>
      new Date(parseDateMath(text, { now: NOW, format: iso, timeZone })).toISOString();

    expect(at('2024-03-10T02:30', 'America/New_York')).toBe('2024-03-10T07:30:00.000Z');
    expect(at('2024-10-27T02:30', 'Europe/Paris')).toBe('2024-10-27T00:30:00.000Z');
    expect(
      new Date(
        parseDateMath('now/d', { now: Date.UTC(2024, 8, 8, 12), timeZone: 'America/Santiago' }),
      ).toISOString(),
    ).toBe('2024-09-08T04:00:00.000Z');
    expect(
      parseDateMath('now', { now: Date.UTC(2024, 9, 27, 0, 15), timeZone: 'Europe/Paris' }),
    ).toBe(Date.UTC(2024, 9, 27, 0, 15));
  });

  it('knows named zones in years below 100', () => {
    const start = parseDateMath('0050-06-01', {
      now: NOW,
      format: 'strict_date_optional_time',
      timeZone: 'Europe/Paris',
    });

    expect(new Date(start).getUTCFullYear()).toBe(50);
  });
});
