import { type ApiKeyRecord, deleteAfter, isActive, isOwnedBy } from '../api-keys/api-key.js';
import type { Clock } from '../clock.js';
import { mapConcurrent } from '../concurrent.js';
import { type Deadline, NO_DEADLINE } from '../deadline.js';
import { resourceNotFound, serviceUnavailable } from '../errors.js';
import {
  type ApiKeyStore,
  type GatewayApiKey,
  type Logger,
  SILENT_LOGGER,
  type UsagePlanGateway,
} from '../ports.js';
import { type Authentication, ownerOf } from '../security/authentication.js';
import { Action } from '../security/privilege-names.js';
import { requireAction } from '../security/privileges.js';
import type { QuotaPeriod, UsagePlanCatalog } from './usage-plan-catalog.js';

export interface UsagePlansOptions {
  retentionMillis: number;
  clock: Clock;
  logger?: Logger;
  /** False where no API Gateway meters requests (the local stack): usage says so. */
  metered: boolean;
}

/** Gateway keys deleted at once after a bulk invalidation (DeleteApiKey: 5 per second per account). */
const DETACH_CONCURRENCY = 2;

/** Time kept to answer once detaching has to stop. */
const DETACH_RESERVE_MILLIS = 1_500;

/** What one sweep did: gateway keys of this deployment seen, deleted, failed, left for the next. */
export interface SweepReport {
  checked: number;
  deleted: number;
  failed: number;
  skipped: number;
}

export const NOT_METERED_LOCALLY =
  'usage is not metered locally: there is no API Gateway in front of the local stack';

const DAY_MILLIS = 86_400_000;

function day(epochMillis: number): string {
  return new Date(epochMillis).toISOString().slice(0, 10);
}

/** The first day whose count can belong to the current quota period (UTC). */
export function periodStart(period: QuotaPeriod, now: number): string {
  if (period === 'DAY') {
    return day(now);
  }
  return period === 'WEEK' ? day(now - 6 * DAY_MILLIS) : `${day(now).slice(0, 8)}01`;
}

/**
 * Keeps API Gateway's usage plans in step with the keys' plans. The key record is the truth; the
 * gateway follows it, and every step converges, so retrying the request that failed repairs it.
 */
export class UsagePlans {
  constructor(
    readonly catalog: UsagePlanCatalog,
    private readonly gateway: UsagePlanGateway,
    private readonly store: ApiKeyStore,
    private readonly options: UsagePlansOptions,
  ) {}

  private get logger(): Logger {
    return this.options.logger ?? SILENT_LOGGER;
  }

  /** Create, grant and update: a `usage_plan` naming no declared plan is the caller's 400. */
  validate(metadata: Record<string, unknown> | undefined): string[] {
    return this.catalog.validate(metadata);
  }

  /** The authorizer's `usageIdentifierKey`: only API keys on a plan have one. */
  identifierFor(authentication: Authentication): string | undefined {
    if (authentication.type !== 'api_key') {
      return undefined;
    }
    return this.catalog.planOf(authentication.apiKey.metadata)
      ? this.catalog.gatewayKey(authentication.apiKey.id).value
      : undefined;
  }

  /**
   * After create or grant stored `key`, before its secret is returned: puts it on its plan. On
   * failure the key is invalidated and the request fails, so no unmetered key is handed out (and
   * were that write to fail too, nobody holds the secret: it was never returned).
   */
  async created(key: ApiKeyRecord): Promise<void> {
    const plan = this.catalog.planOf(key.metadata);
    if (!plan) {
      return;
    }
    const gatewayKey = this.catalog.gatewayKey(key.id);
    try {
      await this.gateway.attach(gatewayKey, plan.gatewayName);
    } catch (error) {
      const cause = this.logFailure('attach', key.id, error);
      await this.rollBack(key, gatewayKey);
      throw serviceUnavailable(
        `API key [${key.id}] could not be put on usage plan [${plan.name}] (${cause}); it was invalidated and its secret discarded: retry the request`,
      );
    }
  }

  private async rollBack(key: ApiKeyRecord, gatewayKey: GatewayApiKey): Promise<void> {
    const now = this.options.clock();
    const ttl = deleteAfter({ ...key, invalidation_time: now }, this.options.retentionMillis);
    await this.store
      .invalidate(key.id, now, ttl ?? 0)
      .catch((error: unknown) => this.logFailure('roll back (invalidate)', key.id, error));
    await this.gateway
      .detach(gatewayKey)
      .catch((error: unknown) => this.logFailure('roll back (detach)', key.id, error));
  }

  /**
   * After an update (or a noop of one) of a key that is or was planned: moves its gateway key to
   * its plan, or deletes it when it left every plan. A failure is the key's error; the retry,
   * even as a noop, applies the plan again.
   */
  async updated(before: ApiKeyRecord, after: ApiKeyRecord): Promise<void> {
    const plan = this.catalog.planOf(after.metadata);
    if (!plan && !this.catalog.planOf(before.metadata)) {
      return;
    }
    const gatewayKey = this.catalog.gatewayKey(after.id);
    try {
      await (plan
        ? this.gateway.attach(gatewayKey, plan.gatewayName)
        : this.gateway.detach(gatewayKey));
    } catch (error) {
      const cause = this.logFailure(plan ? 'attach' : 'detach', after.id, error);
      throw serviceUnavailable(
        `API key [${after.id}] was updated but its usage plan could not be applied (${cause}): retry the update`,
      );
    }
  }

  /**
   * After an invalidation: deletes the gateway keys of the planned keys among `keys`. The ES
   * invalidation stands either way; a gateway key left behind grants nothing and is reported.
   */
  async invalidated(
    keys: readonly ApiKeyRecord[],
    deadline: Deadline = NO_DEADLINE,
  ): Promise<Array<Record<string, unknown>>> {
    const planned = keys.filter((key) => this.catalog.planOf(key.metadata));
    const outcomes = await mapConcurrent(planned, DETACH_CONCURRENCY, async (key) => {
      if (deadline.remainingMillis() < DETACH_RESERVE_MILLIS) {
        return 'the request reached its deadline';
      }
      try {
        await this.gateway.detach(this.catalog.gatewayKey(key.id));
        return undefined;
      } catch (error) {
        return this.logFailure('detach', key.id, error);
      }
    });
    return planned.flatMap((key, index) => {
      const cause = outcomes[index];
      return cause === undefined
        ? []
        : [
            {
              type: 'exception',
              reason: `api key [${key.id}] was invalidated, but its API Gateway key [${this.catalog.gatewayKey(key.id).name}] was not deleted (${cause}); it grants nothing: delete it by name`,
            },
          ];
    });
  }

  /**
   * The scheduled sweep: deletes the gateway keys whose ES key is gone, expired, invalidated or
   * on no plan (keys expire with no request to hook, and a failed delete leaves one behind).
   * Gateway keys count toward the account's 10,000, so none may linger.
   */
  async sweep(deadline: Deadline = NO_DEADLINE): Promise<SweepReport> {
    const report: SweepReport = { checked: 0, deleted: 0, failed: 0, skipped: 0 };
    if (!this.catalog.enabled) {
      return report;
    }
    const prefix = this.catalog.gatewayKeyPrefix;
    const ids = (await this.gateway.keyNames(prefix)).map((name) => name.slice(prefix.length));
    const now = this.options.clock();
    const live = new Set(
      (await this.store.getMany(ids))
        .filter((key) => isActive(key, now) && this.catalog.planOf(key.metadata))
        .map((key) => key.id),
    );
    const stale = ids.filter((id) => !live.has(id));
    report.checked = ids.length;
    const outcomes = await mapConcurrent(stale, DETACH_CONCURRENCY, async (id) => {
      if (deadline.remainingMillis() < DETACH_RESERVE_MILLIS) {
        return 'skipped' as const;
      }
      try {
        await this.gateway.detach(this.catalog.gatewayKey(id));
        return 'deleted' as const;
      } catch (error) {
        this.logFailure('sweep (detach)', id, error);
        return 'failed' as const;
      }
    });
    for (const outcome of outcomes) {
      report[outcome] += 1;
    }
    return report;
  }

  /**
   * `GET /_es_api_keys/api_key/{id}/_usage`. Read rules of ES's get API: `manage_api_key` and
   * `read_security` see every key, `manage_own_api_key` its owner's keys (an API key itself).
   */
  async usage(authentication: Authentication, id: string): Promise<Record<string, unknown>> {
    const key = await this.store.get(id);
    const own =
      key !== undefined &&
      (authentication.type === 'api_key'
        ? key.id === authentication.apiKey.id
        : isOwnedBy(key, ownerOf(authentication)));
    requireAction(authentication, Action.getApiKey, own);
    if (!key) {
      throw resourceNotFound(`no API key found for ID [${id}]`);
    }
    const plan = this.catalog.planOf(key.metadata);
    if (!plan) {
      return {
        id: key.id,
        name: key.name,
        usage_plan: null,
        metered: false,
        reason: 'the API key is on no usage plan',
      };
    }
    const described = {
      id: key.id,
      name: key.name,
      usage_plan: plan.name,
      throttle: { rate_limit: plan.throttle.rateLimit, burst_limit: plan.throttle.burstLimit },
      quota: { limit: plan.quota.limit, period: plan.quota.period },
    };
    if (!this.options.metered) {
      return { ...described, metered: false, reason: NOT_METERED_LOCALLY };
    }
    const now = this.options.clock();
    if (!isActive(key, now)) {
      return {
        ...described,
        metered: false,
        reason: 'the API key is expired or invalidated: its API Gateway key is deleted',
      };
    }
    let counted: Awaited<ReturnType<UsagePlanGateway['usage']>>;
    try {
      counted = await this.gateway.usage(
        this.catalog.gatewayKey(key.id),
        plan.gatewayName,
        periodStart(plan.quota.period, now),
        day(now),
      );
    } catch (error) {
      throw serviceUnavailable(
        `the usage of API key [${key.id}] could not be read (${this.logFailure('usage', key.id, error)}); the request can be retried`,
      );
    }
    if (!counted) {
      return {
        ...described,
        metered: false,
        reason:
          'API Gateway holds no key for it on this plan: update the API key to apply its plan again',
      };
    }
    // API Gateway reports the quota left in the period; nothing counted in it means none used.
    const remaining = counted.remaining ?? plan.quota.limit;
    return {
      ...described,
      metered: true,
      used: Math.max(0, plan.quota.limit - remaining),
      remaining,
    };
  }

  /** Logs a control-plane failure (name and a bounded message) and names it for the caller. */
  private logFailure(operation: string, keyId: string, error: unknown): string {
    const name = error instanceof Error ? error.name : typeof error;
    this.logger.log('error', 'usage plan control-plane call failed', {
      operation,
      keyId,
      errorName: name,
      errorMessage: error instanceof Error ? error.message.slice(0, 300) : '',
    });
    return `API Gateway: ${name}`;
  }
}
