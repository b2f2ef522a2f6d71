import { illegalArgument, parseException } from './errors.js';

const UNITS: ReadonlyArray<readonly [suffix: string, millis: number]> = [
  ['nanos', 1e-6],
  ['micros', 1e-3],
  ['ms', 1],
  ['s', 1_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
];

/**
 * Parses an Elasticsearch duration string (`30d`, `90m`, `-1`, `0`) into milliseconds, with the
 * messages of ES's `TimeValue.parseTimeValue`. `-1` is returned as -1.
 */
export function parseTimeValue(value: string, settingName: string): number {
  const normalized = value.toLowerCase().trim();
  for (const [suffix, millis] of UNITS) {
    // ES accepts every unit in any case except `m`: `M` would read as months.
    const matches = suffix === 'm' ? value.trim().endsWith('m') : normalized.endsWith(suffix);
    if (matches) {
      return parseNumber(value, normalized.slice(0, -suffix.length).trim(), settingName) * millis;
    }
  }
  if (/^-0*1$/.test(normalized)) {
    return -1;
  }
  if (/^0+$/.test(normalized)) {
    return 0;
  }
  throw illegalArgument(
    `failed to parse setting [${settingName}] with value [${value}] as a time value: unit is missing or unrecognized`,
  );
}

function parseNumber(input: string, digits: string, settingName: string): number {
  if (/^[+-]?\d+$/.test(digits)) {
    const parsed = Number(digits);
    if (!Number.isSafeInteger(parsed)) {
      throw parseException(`failed to parse [${input}]`);
    }
    if (parsed < -1) {
      throw illegalArgument(
        `failed to parse setting [${settingName}] with value [${input}] as a time value: negative durations are not supported`,
      );
    }
    return parsed;
  }
  if (digits !== '' && Number.isFinite(Number(digits))) {
    throw parseException(`failed to parse [${input}], fractional time values are not supported`);
  }
  throw parseException(`failed to parse [${input}]`);
}
