import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimeValue } from '../../../functions/core/time-value.js';
import { thrown } from '../thrown.js';

const UNIT_MILLIS: ReadonlyArray<readonly [string, number]> = [
  ['ms', 1],
  ['s', 1_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
];

describe('TimeValue.parseTimeValue', () => {
  it.each([
    ['1500000nanos', 1.5],
    ['2000micros', 2],
    ['250ms', 250],
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
  ])('parses %s to %d milliseconds', (value, millis) => {
    const parsed = parseTimeValue(value, 'expiration');

    expect(parsed).toBe(millis);
  });

  it.each([
    ['1D', 86_400_000],
    ['1H', 3_600_000],
    ['5S', 5_000],
    ['7MS', 7],
    ['1000MICROS', 1],
    ['1000000NANOS', 1],
  ])('accepts the unit of %s in upper case as ES does', (value, millis) => {
    const parsed = parseTimeValue(value, 'expiration');

    expect(parsed).toBe(millis);
  });

  it('trims surrounding whitespace before parsing as ES does', () => {
    const parsed = parseTimeValue(' 10s ', 'expiration');

    expect(parsed).toBe(10_000);
  });

  it('rejects 10M (months are not a unit) with illegal_argument_exception unit is missing', () => {
    const error = thrown(() => parseTimeValue('10M', 'expiration'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [expiration] with value [10M] as a time value: unit is missing or unrecognized',
    });
  });

  it('returns -1 for the magic value -1 without a unit', () => {
    const parsed = parseTimeValue('-1', 'expiration');

    expect(parsed).toBe(-1);
  });

  it('returns 0 for 0 without a unit', () => {
    const parsed = parseTimeValue('0', 'expiration');

    expect(parsed).toBe(0);
  });

  it('rejects a fractional value with 400 parse_exception fractional time values are not supported', () => {
    const error = thrown(() => parseTimeValue('1.5d', 'expiration'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'parse_exception',
      reason: 'failed to parse [1.5d], fractional time values are not supported',
    });
  });

  it('rejects a number without a unit with 400 illegal_argument_exception naming the setting', () => {
    const error = thrown(() => parseTimeValue('10', 'expiration'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [expiration] with value [10] as a time value: unit is missing or unrecognized',
    });
  });

  it('rejects an unknown unit such as weeks with 400 illegal_argument_exception', () => {
    const error = thrown(() => parseTimeValue('2w', 'expiration'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [expiration] with value [2w] as a time value: unit is missing or unrecognized',
    });
  });

  it('rejects a negative duration other than -1 with 400 illegal_argument_exception', () => {
    const error = thrown(() => parseTimeValue('-5d', 'expiration'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [expiration] with value [-5d] as a time value: negative durations are not supported',
    });
  });

  it('rejects a unit without a number with 400 parse_exception', () => {
    const error = thrown(() => parseTimeValue('d', 'expiration'));

    expect({ status: error.status, type: error.type, reason: error.reason }).toEqual({
      status: 400,
      type: 'parse_exception',
      reason: 'failed to parse [d]',
    });
  });

  it('parses any non-negative integer followed by a unit to the integer times the unit in milliseconds', () => {
    const arbitrary = fc.tuple(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.constantFrom(...UNIT_MILLIS),
    );

    fc.assert(
      fc.property(arbitrary, ([n, [unit, millis]]) => {
        expect(parseTimeValue(`${n}${unit}`, 'expiration')).toBe(n * millis);
      }),
    );
  });
});
