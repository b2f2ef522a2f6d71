import { createHash } from 'node:crypto';
import type { GatewayApiKey } from '../ports.js';

export const QUOTA_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** A usage plan declared in serverless.yml (`custom.usagePlans`). */
export interface UsagePlan {
  name: string;
  /** The plan's `UsagePlanName` on API Gateway, by which its id is looked up. */
  gatewayName: string;
  throttle: { rateLimit: number; burstLimit: number };
  quota: { limit: number; period: QuotaPeriod };
}

/** The metadata field that puts a key on a plan (an extension: ES has no plans). */
export const USAGE_PLAN_FIELD = 'usage_plan';

const PLAN_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function invalidPlans(raw: string, detail: string): Error {
  return new Error(`invalid USAGE_PLANS [${raw.slice(0, 200)}]: ${detail}`);
}

function positive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * USAGE_PLANS, as infra/usage-plans.cjs writes it from `custom.usagePlans`:
 * `{"<name>": {"gatewayName", "rateLimit", "burstLimit", "quotaLimit", "quotaPeriod"}}`.
 */
export function parseUsagePlans(raw: string | undefined): UsagePlan[] {
  if (raw === undefined) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidPlans(raw, 'not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidPlans(raw, 'expected an object of plan names');
  }
  return Object.entries(parsed as Record<string, Record<string, unknown>>).map(([name, plan]) => {
    const period = plan?.['quotaPeriod'];
    if (
      !PLAN_NAME.test(name) ||
      typeof plan?.['gatewayName'] !== 'string' ||
      !positive(plan['rateLimit']) ||
      !positive(plan['burstLimit']) ||
      !positive(plan['quotaLimit']) ||
      !QUOTA_PERIODS.includes(period as QuotaPeriod)
    ) {
      throw invalidPlans(
        raw,
        `plan [${name}] needs a name of [A-Za-z0-9_-], a gatewayName, positive rateLimit, burstLimit and quotaLimit, and a quotaPeriod of DAY, WEEK or MONTH`,
      );
    }
    return {
      name,
      gatewayName: plan['gatewayName'],
      throttle: { rateLimit: plan['rateLimit'], burstLimit: plan['burstLimit'] },
      quota: { limit: plan['quotaLimit'], period: period as QuotaPeriod },
    };
  });
}

/**
 * The declared plans, the stage's default plan, and the API Gateway key each planned ES key gets.
 * A key's plan is `metadata.usage_plan`, else the default plan; with no plans declared the
 * feature is off and `usage_plan` is ordinary metadata.
 */
export class UsagePlanCatalog {
  private readonly plans: ReadonlyMap<string, UsagePlan>;

  constructor(
    plans: readonly UsagePlan[],
    private readonly defaultPlan: string | undefined,
    /** Distinguishes deployments sharing an account and region (gateway key values are unique there). */
    private readonly namespace: string,
  ) {
    this.plans = new Map(plans.map((plan) => [plan.name, plan]));
    if (defaultPlan !== undefined && !this.plans.has(defaultPlan)) {
      throw new Error(
        `invalid DEFAULT_USAGE_PLAN [${defaultPlan}]: expected one of [${this.names()}]`,
      );
    }
  }

  get enabled(): boolean {
    return this.plans.size > 0;
  }

  private names(): string {
    return [...this.plans.keys()].join(', ');
  }

  /** The create/update/grant validation message for a `usage_plan` naming no declared plan. */
  validate(metadata: Record<string, unknown> | undefined): string[] {
    const requested = metadata?.[USAGE_PLAN_FIELD];
    if (!this.enabled || requested === undefined) {
      return [];
    }
    if (typeof requested === 'string' && this.plans.has(requested)) {
      return [];
    }
    const shown = typeof requested === 'string' ? requested.slice(0, 64) : typeof requested;
    return [
      `unknown usage plan [${shown}] in [metadata.${USAGE_PLAN_FIELD}]: the declared plans are [${this.names()}]`,
    ];
  }

  /** The plan a key with this metadata is on, if any. */
  planOf(metadata: Record<string, unknown>): UsagePlan | undefined {
    if (!this.enabled) {
      return undefined;
    }
    const requested = metadata[USAGE_PLAN_FIELD];
    return this.plans.get(typeof requested === 'string' ? requested : (this.defaultPlan ?? ''));
  }

  /**
   * The API Gateway API key of an ES key. Its value is derived from the key id (never the
   * secret): with `apiKeySource: AUTHORIZER` the gateway takes a key only from the authorizer's
   * `usageIdentifierKey` and ignores `x-api-key`, so the value identifies whom to meter and
   * grants nothing; the authorizer returns it only after verifying the ES key's secret.
   */
  gatewayKey(keyId: string): GatewayApiKey {
    const value = createHash('sha256')
      .update(`es-api-keys usage identifier\u0000${this.namespace}\u0000${keyId}`)
      .digest('hex');
    return { name: `${this.gatewayKeyPrefix}${keyId}`, value };
  }

  /** What the names of this deployment's gateway keys start with; the key id follows. */
  get gatewayKeyPrefix(): string {
    return `${this.namespace}/`;
  }
}
