import { describe, expect, it } from 'vitest';
import { periodStart } from '../../../../functions/core/usage-plans/usage-plans.js';

describe('periodStart (the days whose usage counts toward the current quota period)', () => {
  const now = Date.UTC(2026, 11, 3, 23, 59, 59);

  it('reads today for a daily quota, the last seven days for a weekly one, the month for a monthly one', () => {
    expect(periodStart('DAY', now)).toBe('2026-12-03');
    expect(periodStart('WEEK', now)).toBe('2026-11-27');
    expect(periodStart('MONTH', now)).toBe('2026-12-01');
  });
});
