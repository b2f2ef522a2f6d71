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
});
