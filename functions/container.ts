import { type Config, loadConfig } from './config.js';
import { ApiKeyDisabling } from './core/api-keys/api-key-disabling.js';
import { ApiKeyGrants } from './core/api-keys/api-key-grants.js';
import { ApiKeyRotation } from './core/api-keys/api-key-rotation.js';
import { ApiKeyService } from './core/api-keys/api-key-service.js';
import { ApiKeyUpdates } from './core/api-keys/api-key-updates.js';
import { LastUsedRecorder } from './core/api-keys/last-used.js';
import { ApiKeyQueries } from './core/api-keys/query/api-key-queries.js';
import { AuditTrail } from './core/audit/audit-trail.js';
import { type Clock, systemClock } from './core/clock.js';
import type { UsagePlanGateway } from './core/ports.js';
import { Authenticator } from './core/security/authenticator.js';
import { RoleService } from './core/security/roles.js';
import { UserService } from './core/security/users.js';
import { VerifiedCredentialCache } from './core/security/verified-credential-cache.js';
import { UNMETERED_GATEWAY } from './core/usage-plans/unmetered-gateway.js';
import { UsagePlanCatalog } from './core/usage-plans/usage-plan-catalog.js';
import { UsagePlans } from './core/usage-plans/usage-plans.js';
import { logger } from './http/log.js';
import { metrics } from './http/metrics.js';
import { ApiGatewayUsagePlans } from './store/api-gateway-usage-plans.js';
import { DynamoApiKeyStore } from './store/api-key-store.js';
import { ApiGatewayAuthorizerCache } from './store/authorizer-cache.js';
import { createDocumentClient } from './store/dynamo-client.js';
import { readSecureParameter } from './store/parameter-store.js';
import { DynamoRoleStore } from './store/role-store.js';
import { DynamoUserStore } from './store/user-store.js';

export interface Services {
  config: Config;
  apiKeys: ApiKeyService;
  apiKeyUpdates: ApiKeyUpdates;
  apiKeyGrants: ApiKeyGrants;
  apiKeyQueries: ApiKeyQueries;
  /** Extensions under /_es_api_keys/. */
  apiKeyRotation: ApiKeyRotation;
  apiKeyDisabling: ApiKeyDisabling;
  users: UserService;
  roles: RoleService;
  authenticator: Authenticator;
  verifiedCredentials: VerifiedCredentialCache;
  /** ES's audit events of this instance (inactive when AUDIT_ENABLED=false). */
  audit: AuditTrail;
  usagePlans: UsagePlans;
}

/** Replacements for what tests cannot reach: API Gateway's control plane. */
export interface ServiceOverrides {
  usagePlanGateway?: UsagePlanGateway;
}

/** API Gateway's usage plans where plans are declared and a gateway meters them, else nothing. */
function usagePlanGateway(config: Config, catalog: UsagePlanCatalog): UsagePlanGateway {
  return catalog.enabled && config.usagePlansMetered
    ? ApiGatewayUsagePlans.forRegion(config.region)
    : UNMETERED_GATEWAY;
}

/** Resolves the `elastic` password once: from ELASTIC_PASSWORD, else from the SSM parameter. */
function elasticPasswordSource(config: Config): () => Promise<string | undefined> {
  if (config.elasticPassword !== undefined) {
    const password = config.elasticPassword;
    return async () => password;
  }
  const parameter = config.elasticPasswordParameter;
  if (parameter === undefined) {
    return async () => undefined;
  }
  let cached: Promise<string | undefined> | undefined;
  return () => {
    cached ??= readSecureParameter(config.region, parameter).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

/** Wires config → DynamoDB client → stores → services. Built once per Lambda instance. */
export function buildServices(
  config: Config = loadConfig(),
  clock: Clock = systemClock,
  overrides: ServiceOverrides = {},
): Services {
  const client = createDocumentClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    timeouts: config.storeTimeouts,
    metrics,
  });
  const verifiedCredentials = new VerifiedCredentialCache(
    config.cacheTtlMillis,
    config.cacheMaxKeys,
    clock,
    metrics,
  );
  const roles = new RoleService(new DynamoRoleStore(client, config.rolesTable, logger));
  const users = new UserService(
    new DynamoUserStore(client, config.usersTable, logger),
    roles,
    config.passwordHashing,
    verifiedCredentials,
    elasticPasswordSource(config),
  );
  const apiKeyStore = new DynamoApiKeyStore(client, config.apiKeysTable, { logger, clock });
  const catalog = new UsagePlanCatalog(
    config.usagePlans,
    config.defaultUsagePlan,
    config.clusterName,
  );
  const usagePlans = new UsagePlans(
    catalog,
    overrides.usagePlanGateway ?? usagePlanGateway(config, catalog),
    apiKeyStore,
    { retentionMillis: config.retentionMillis, clock, logger, metered: config.usagePlansMetered },
  );
  const lifecycle = {
    retentionMillis: config.retentionMillis,
    lifetime: config.apiKeyLifetime,
    clock,
    logger,
    usagePlans,
    ...(config.authorizerCacheStages.length > 0
      ? {
          authorizerCache: ApiGatewayAuthorizerCache.forRegion(
            config.region,
            config.authorizerCacheStages,
          ),
        }
      : {}),
  };
  const apiKeys = new ApiKeyService(apiKeyStore, verifiedCredentials, {
    hashing: config.apiKeyHashing,
    lastUsed: new LastUsedRecorder(apiKeyStore, {
      resolutionMillis: config.lastUsedResolutionMillis,
      clock,
      logger,
      metrics,
    }),
    ...lifecycle,
  });
  return {
    config,
    apiKeys,
    apiKeyUpdates: new ApiKeyUpdates(apiKeyStore, lifecycle),
    apiKeyGrants: new ApiKeyGrants(apiKeys, users),
    apiKeyQueries: new ApiKeyQueries(apiKeyStore, clock),
    apiKeyRotation: new ApiKeyRotation(apiKeyStore, apiKeys, lifecycle),
    apiKeyDisabling: new ApiKeyDisabling(apiKeyStore, verifiedCredentials, lifecycle),
    users,
    roles,
    authenticator: new Authenticator(apiKeys, users),
    verifiedCredentials,
    usagePlans,
    audit: new AuditTrail(config.audit.enabled ? config.audit.events : new Set(), undefined, clock),
  };
}

let services: Services | undefined;

/** The instance's services, built on first use so a cold start does no work at import time. */
export function getServices(): Services {
  services ??= buildServices();
  return services;
}

/** Makes the handlers use `next` (tests: services with a fake control plane); undefined rebuilds. */
export function provideServices(next: Services | undefined): void {
  services = next;
}
