import { describe, expect, it } from 'vitest';
import {
  parseUsagePlans,
  UsagePlanCatalog,
} from '../../../../functions/core/usage-plans/usage-plan-catalog.js';

const BASIC = {
  gatewayName: 'svc-basic-dev',
  rateLimit: 5,
  burstLimit: 10,
  quotaLimit: 100,
  quotaPeriod: 'WEEK',
};

describe('parseUsagePlans (USAGE_PLANS)', () => {
  it('reads the plans infra/usage-plans.cjs writes', () => {
    expect(parseUsagePlans(JSON.stringify({ basic: BASIC }))).toEqual([
      {
        name: 'basic',
        gatewayName: 'svc-basic-dev',
        throttle: { rateLimit: 5, burstLimit: 10 },
        quota: { limit: 100, period: 'WEEK' },
      },
    ]);
    expect(parseUsagePlans(undefined)).toEqual([]);
  });

  it.each([
    ['not json', '{'],
    ['an array', '[]'],
    ['a bad period', JSON.stringify({ basic: { ...BASIC, quotaPeriod: 'YEAR' } })],
    ['a zero limit', JSON.stringify({ basic: { ...BASIC, quotaLimit: 0 } })],
    ['a bad name', JSON.stringify({ 'b a': BASIC })],
    ['no gateway name', JSON.stringify({ basic: { ...BASIC, gatewayName: 1 } })],
  ])('fails the cold start on %s', (_, raw) => {
    expect(() => parseUsagePlans(raw)).toThrow(/^invalid USAGE_PLANS/);
  });
});

describe('UsagePlanCatalog', () => {
  const plans = parseUsagePlans(JSON.stringify({ basic: BASIC, pro: BASIC }));

  it('refuses a default plan that is not declared', () => {
    expect(() => new UsagePlanCatalog(plans, 'gold', 'ns')).toThrow(
      'invalid DEFAULT_USAGE_PLAN [gold]: expected one of [basic, pro]',
    );
  });

  it('validates metadata.usage_plan against the declared plans only when plans exist', () => {
    const catalog = new UsagePlanCatalog(plans, undefined, 'ns');
    const off = new UsagePlanCatalog([], undefined, 'ns');

    expect(catalog.validate({ usage_plan: 'pro' })).toEqual([]);
    expect(catalog.validate({ other: 1 })).toEqual([]);
    expect(catalog.validate(undefined)).toEqual([]);
    expect(catalog.validate({ usage_plan: 'gold' })).toEqual([
      'unknown usage plan [gold] in [metadata.usage_plan]: the declared plans are [basic, pro]',
    ]);
    expect(catalog.validate({ usage_plan: ['pro'] })[0]).toContain('unknown usage plan [object]');
    expect(off.validate({ usage_plan: 'gold' })).toEqual([]);
  });

  it('puts a key on its own plan, else on the default plan, else on none', () => {
    const withDefault = new UsagePlanCatalog(plans, 'basic', 'ns');
    const withoutDefault = new UsagePlanCatalog(plans, undefined, 'ns');

    expect(withDefault.planOf({ usage_plan: 'pro' })?.name).toBe('pro');
    expect(withDefault.planOf({})?.name).toBe('basic');
    expect(withoutDefault.planOf({})).toBeUndefined();
    expect(new UsagePlanCatalog([], undefined, 'ns').planOf({ usage_plan: 'pro' })).toBeUndefined();
  });

  it('derives a gateway key value from the key id and the deployment, never from a secret', () => {
    const catalog = new UsagePlanCatalog(plans, undefined, 'es-api-keys-prod');
    const other = new UsagePlanCatalog(plans, undefined, 'es-api-keys-dev');

    const key = catalog.gatewayKey('my_app_id');

    expect(key.name).toBe('es-api-keys-prod/my_app_id');
    // API Gateway: an alphanumeric value of 20 to 128 characters.
    expect(key.value).toMatch(/^[0-9a-f]{64}$/);
    expect(catalog.gatewayKey('my_app_id')).toEqual(key);
    expect(catalog.gatewayKey('my_app_id2').value).not.toBe(key.value);
    expect(other.gatewayKey('my_app_id').value).not.toBe(key.value);
  });
});
