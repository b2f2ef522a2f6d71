import type { TrafficResult } from './traffic.js';

/**
 * us-east-1 list prices, first tier, looked up 2026-12-01 (sources in the README's capacity
 * section). Per million unless named otherwise.
 */
export const LIST_PRICES = {
  restApiRequests: 3.5,
  httpApiRequests: 1.0,
  lambdaRequests: 0.2,
  /** Lambda arm64 duration, per GB-second. */
  lambdaArmGbSecond: 0.0000133334,
  /** On-demand read request units; one strongly consistent read of up to 4 KB is one unit. */
  dynamodbReadRequestUnits: 0.125,
} as const;

/** The authorizer's memory: serverless.yml's provider.memorySize (the function sets none). */
export const AUTHORIZER_MEMORY_MB = 1024;

export interface CostPerMillion {
  lambda: number;
  dynamodb: number;
  /** Lambda + DynamoDB + the gateway's own per-request price. */
  restApi: number;
  httpApi: number;
}

/** Dollars per million requests through the gateway (authorized or answered from its cache). */
export function costPerMillion(result: TrafficResult): CostPerMillion {
  const perRequest = (total: number) => total / result.requests;
  const gbSeconds = (result.billedMillis / 1000) * (AUTHORIZER_MEMORY_MB / 1024);
  const lambda =
    perRequest(result.reads) * LIST_PRICES.lambdaRequests +
    perRequest(gbSeconds) * 1_000_000 * LIST_PRICES.lambdaArmGbSecond;
  const dynamodb = perRequest(result.reads) * LIST_PRICES.dynamodbReadRequestUnits;
  return {
    lambda,
    dynamodb,
    restApi: LIST_PRICES.restApiRequests + lambda + dynamodb,
    httpApi: LIST_PRICES.httpApiRequests + lambda + dynamodb,
  };
}
