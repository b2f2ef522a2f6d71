import type { ConfiguredDuration, LifetimePolicy } from './core/api-keys/lifetime-policy.js';
import {
  AUDIT_EVENT_NAMES,
  type AuditEventName,
  auditEvents,
  DEFAULT_AUDIT_EVENTS,
} from './core/audit/audit-events.js';
import type { HashAlgorithm } from './core/security/hashing.js';
import { parseTimeValue } from './core/time-value.js';
import { parseUsagePlans, type UsagePlan } from './core/usage-plans/usage-plan-catalog.js';
import type { StoreTimeouts } from './store/dynamo-client.js';

export type { HashAlgorithm } from './core/security/hashing.js';

export interface Config {
  region: string;
  dynamodbEndpoint: string | undefined;
  /**
   * Bounds of every DynamoDB call. The defaults fail a stalled store within ~5 s (3 attempts of
   * at most 1.5 s, plus back-off), well inside the 10 s function timeout, so the caller gets an
   * ES 503 and the authorizer a Deny instead of a killed function.
   */
  storeTimeouts: StoreTimeouts;
  apiKeysTable: string;
  usersTable: string;
  rolesTable: string;
  elasticPassword: string | undefined;
  elasticPasswordParameter: string | undefined;
  apiKeyHashing: HashAlgorithm;
  passwordHashing: HashAlgorithm;
  retentionMillis: number;
  /** API_KEY_MAX_EXPIRATION and API_KEY_DEFAULT_EXPIRATION (an extension; both off by default). */
  apiKeyLifetime: LifetimePolicy;
  cacheTtlMillis: number;
  cacheMaxKeys: number;
  /** Width of a `last_used` window in ms; 0 records nothing. */
  lastUsedResolutionMillis: number;
  /** CloudWatch namespace of the EMF metrics; undefined writes none. */
  metricsNamespace: string | undefined;
  authorizerApplication: string;
  /** What an HTTP API (payload 2.0) authorizer checks resources against: the raw path or the route key. */
  authorizerResource: 'path' | 'route';
  authorizerCacheStages: Array<{ restApiId: string; stageName: string }>;
  /** Reported as `cluster_name` by node-level responses such as `_clear_cache`. */
  clusterName: string;
  /** This instance's name in node-level responses: the Lambda log stream, when there is one. */
  nodeName: string | undefined;
  // Cluster info and route fallback (GET /, 400/405 for unknown routes).
  /** `version.number` of `GET /`: the Elasticsearch version the API is compatible with. */
  esVersion: string;
  /** The table holding this deployment's `cluster_uuid`. */
  clusterTable: string;
  /** Methods per API Gateway resource path, derived from serverless.yml (infra/routes.cjs). */
  routeMethods: ReadonlyMap<string, readonly string[]>;
  /** Usage plans of `custom.usagePlans` (USAGE_PLANS, written by infra/usage-plans.cjs). */
  usagePlans: UsagePlan[];
  /** The plan of keys whose metadata names none (DEFAULT_USAGE_PLAN). */
  defaultUsagePlan: string | undefined;
  /** False under serverless offline (IS_OFFLINE): no API Gateway meters the local stack. */
  usagePlansMetered: boolean;
  /** The audit log: ES's audit events, one JSON line each on stdout. */
  audit: AuditSettings;
}

export interface AuditSettings {
  /** AUDIT_ENABLED, on by default: this service keeps no other record of who changed what. */
  enabled: boolean;
  /** AUDIT_EVENTS_INCLUDE minus AUDIT_EVENTS_EXCLUDE, as ES combines its two settings. */
  events: ReadonlySet<AuditEventName>;
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration once; an invalid value fails the cold start naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  return {
    region: text(env, 'AWS_REGION', 'us-east-1'),
    dynamodbEndpoint: optional(env, 'DYNAMODB_ENDPOINT'),
    storeTimeouts: {
      connectMillis: positiveDuration(env, 'DYNAMODB_CONNECT_TIMEOUT', '1s'),
      requestMillis: positiveDuration(env, 'DYNAMODB_REQUEST_TIMEOUT', '1500ms'),
      maxAttempts: integer(env, 'DYNAMODB_MAX_ATTEMPTS', 3, 1, 10),
    },
    apiKeysTable: text(env, 'API_KEYS_TABLE', 'es-api-keys-local-api-keys'),
    usersTable: text(env, 'USERS_TABLE', 'es-api-keys-local-users'),
    rolesTable: text(env, 'ROLES_TABLE', 'es-api-keys-local-roles'),
    elasticPassword: optional(env, 'ELASTIC_PASSWORD'),
    elasticPasswordParameter: optional(env, 'ELASTIC_PASSWORD_PARAMETER'),
    apiKeyHashing: hashAlgorithm(env, 'API_KEY_HASHING_ALGORITHM', 'bcrypt', true),
    passwordHashing: hashAlgorithm(env, 'PASSWORD_HASHING_ALGORITHM', 'bcrypt', false),
    retentionMillis: duration(env, 'API_KEY_RETENTION_PERIOD', '7d'),
    apiKeyLifetime: lifetimePolicy(env),
    cacheTtlMillis: duration(env, 'API_KEY_CACHE_TTL', '1d'),
    cacheMaxKeys: integer(env, 'API_KEY_CACHE_MAX_KEYS', 25_000, 0, 10_000_000),
    lastUsedResolutionMillis: lastUsedResolution(env, 'API_KEY_LAST_USED_RESOLUTION', '1h'),
    metricsNamespace: metricsNamespace(env),
    authorizerApplication: text(env, 'AUTHORIZER_APPLICATION', 'example'),
    authorizerResource: oneOf(env, 'AUTHORIZER_RESOURCE', ['path', 'route'] as const, 'path'),
    authorizerCacheStages: stages(env, 'AUTHORIZER_CACHE_STAGES'),
    clusterName: text(env, 'CLUSTER_NAME', 'es-api-keys'),
    nodeName: optional(env, 'AWS_LAMBDA_LOG_STREAM_NAME'),
    esVersion: esVersion(env, 'ES_VERSION', '9.1.0'),
    clusterTable: text(env, 'CLUSTER_TABLE', 'es-api-keys-local-cluster'),
    routeMethods: routeMethods(env, 'ROUTE_METHODS'),
    usagePlans: parseUsagePlans(optional(env, 'USAGE_PLANS')),
    defaultUsagePlan: optional(env, 'DEFAULT_USAGE_PLAN'),
    usagePlansMetered: optional(env, 'IS_OFFLINE') === undefined,
    audit: {
      enabled: boolean(env, 'AUDIT_ENABLED', true),
      events: auditEventSettings(env, 'AUDIT_EVENTS_INCLUDE', 'AUDIT_EVENTS_EXCLUDE'),
    },
  };
}

/**
 * Whether Lambda runs this function with its JSON log format (`AWS_LAMBDA_LOG_FORMAT`, set by
 * Lambda from the function's LoggingConfig): it then wraps each console line in its own object.
 */
export function lambdaJsonLogFormat(env: Env = process.env): boolean {
  return env['AWS_LAMBDA_LOG_FORMAT']?.toUpperCase() === 'JSON';
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function text(env: Env, name: string, fallback: string): string {
  return optional(env, name) ?? fallback;
}

function oneOf<const T extends string>(
  env: Env,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = optional(env, name) ?? fallback;
  const value = values.find((candidate) => candidate === raw);
  if (value === undefined) {
    throw invalid(name, raw, values.join(' or '));
  }
  return value;
}

function invalid(name: string, value: string, expected: string): Error {
  return new Error(`invalid ${name} [${value}]: expected ${expected}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw invalid(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** ES booleans: `true` or `false`. */
function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) {
    return fallback;
  }
  if (raw !== 'true' && raw !== 'false') {
    throw invalid(name, raw, 'true or false');
  }
  return raw === 'true';
}

/** Comma-separated ES audit event names (or `_all`); the include list defaults to ES's set. */
function auditEventSettings(env: Env, includeName: string, excludeName: string) {
  const list = (name: string, fallback: readonly string[]): string[] => {
    const raw = optional(env, name);
    const names = raw === undefined ? [...fallback] : raw.split(',');
    try {
      auditEvents(names, []);
    } catch {
      throw invalid(
        name,
        raw ?? '',
        `comma-separated audit event names (${AUDIT_EVENT_NAMES.join(', ')}) or _all`,
      );
    }
    return names;
  };
  return auditEvents(list(includeName, DEFAULT_AUDIT_EVENTS), list(excludeName, []));
}

/** `restApiId/stage` pairs, comma-separated. */
function stages(env: Env, name: string): Array<{ restApiId: string; stageName: string }> {
  const raw = optional(env, name);
  if (raw === undefined) {
    return [];
  }
  return raw.split(',').map((entry) => {
    const match = /^([A-Za-z0-9]+)\/([A-Za-z0-9_-]+)$/.exec(entry.trim());
    if (!match) {
      throw invalid(name, raw, 'comma-separated restApiId/stage pairs, e.g. a1b2c3d4e5/prod');
    }
    return { restApiId: match[1] as string, stageName: match[2] as string };
  });
}

function duration(env: Env, name: string, fallback: string): number {
  const raw = optional(env, name) ?? fallback;
  try {
    const millis = parseTimeValue(raw, name);
    if (millis < 0) {
      throw new Error('negative');
    }
    return millis;
  } catch {
    throw invalid(name, raw, 'a non-negative duration such as 7d, 12h or 0');
  }
}

/** An optional duration above zero, kept with its text for error messages. */
function optionalLifetime(env: Env, name: string): ConfiguredDuration | undefined {
  const raw = optional(env, name);
  if (raw === undefined) {
    return undefined;
  }
  let millis: number;
  try {
    millis = parseTimeValue(raw, name);
  } catch {
    millis = Number.NaN;
  }
  if (!(millis >= 1000)) {
    throw invalid(name, raw, 'a duration of at least 1s, such as 90d or 12h');
  }
  return { millis, text: raw };
}

/** The default lifetime must itself satisfy the maximum, or every create without one would fail. */
function lifetimePolicy(env: Env): LifetimePolicy {
  const max = optionalLifetime(env, 'API_KEY_MAX_EXPIRATION');
  const fallback = optionalLifetime(env, 'API_KEY_DEFAULT_EXPIRATION');
  if (max !== undefined && fallback !== undefined && fallback.millis > max.millis) {
    throw invalid(
      'API_KEY_DEFAULT_EXPIRATION',
      fallback.text,
      `a duration no longer than API_KEY_MAX_EXPIRATION [${max.text}]`,
    );
  }
  return { ...(max ? { max } : {}), ...(fallback ? { default: fallback } : {}) };
}

/** `0` (off), or a window from 1s to 30d: finer would write on nearly every request. */
function lastUsedResolution(env: Env, name: string, fallback: string): number {
  const millis = duration(env, name, fallback);
  if (millis !== 0 && !(millis >= 1_000 && millis <= 30 * 86_400_000)) {
    throw invalid(name, optional(env, name) ?? fallback, '0 (off) or a duration from 1s to 30d');
  }
  return millis;
}

/**
 * METRICS_NAMESPACE: the CloudWatch namespace of the EMF metrics; unset or `off` writes none. Read
 * on its own by the metrics writer, which must work before (or without) the rest of the config.
 */
export function metricsNamespace(env: Env = process.env): string | undefined {
  const raw = optional(env, 'METRICS_NAMESPACE');
  if (raw === undefined || raw === 'off') {
    return undefined;
  }
  if (!/^[A-Za-z0-9.\-_/#: ]{1,255}$/.test(raw) || raw.startsWith('AWS/')) {
    throw invalid(
      'METRICS_NAMESPACE',
      raw,
      'a CloudWatch namespace (letters, digits, . - _ / # : and spaces; not AWS/), or off',
    );
  }
  return raw;
}

/** A store time bound: above zero and at most the longest function timeout (29 s). */
function positiveDuration(env: Env, name: string, fallback: string): number {
  const raw = optional(env, name) ?? fallback;
  let millis: number;
  try {
    millis = parseTimeValue(raw, name);
  } catch {
    millis = Number.NaN;
  }
  if (!(millis > 0 && millis <= 29_000)) {
    throw invalid(name, raw, 'a duration from 1ms to 29s, such as 1500ms or 2s');
  }
  return millis;
}

/** ES setting values: `bcrypt` (cost 10), `bcrypt4` … `bcrypt14`, and for API keys `ssha256`. */
function hashAlgorithm(
  env: Env,
  name: string,
  fallback: string,
  allowFast: boolean,
): HashAlgorithm {
  const raw = (optional(env, name) ?? fallback).toLowerCase();
  if (allowFast && raw === 'ssha256') {
    return { name: 'ssha256' };
  }
  const bcrypt = /^bcrypt(\d*)$/.exec(raw);
  const cost = bcrypt ? (bcrypt[1] ? Number(bcrypt[1]) : 10) : Number.NaN;
  if (cost >= 4 && cost <= 14) {
    return { name: 'bcrypt', cost };
  }
  throw invalid(name, raw, `bcrypt, bcrypt4 … bcrypt14${allowFast ? ' or ssha256' : ''}`);
}

/** A release number the official clients accept: 8.x or 9.x, e.g. 9.1.0. */
function esVersion(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  if (!/^(8|9)\.\d{1,3}\.\d{1,3}$/.test(raw)) {
    throw invalid(name, raw, 'an Elasticsearch 8 or 9 release number such as 9.1.0');
  }
  return raw;
}

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH']);

/** JSON `{"<resource path>": ["GET", ...]}`, written by infra/routes.cjs at deploy time. */
function routeMethods(env: Env, name: string): ReadonlyMap<string, readonly string[]> {
  const raw = optional(env, name);
  if (raw === undefined) {
    return new Map();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid(name, raw, 'a JSON object of resource paths to method lists');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(name, raw, 'a JSON object of resource paths to method lists');
  }
  const table = new Map<string, readonly string[]>();
  for (const [path, methods] of Object.entries(parsed)) {
    if (
      !path.startsWith('/') ||
      !Array.isArray(methods) ||
      !methods.every((method) => typeof method === 'string' && HTTP_METHODS.has(method))
    ) {
      throw invalid(name, raw, 'a JSON object of resource paths to method lists');
    }
    table.set(path, methods as string[]);
  }
  return table;
}
