import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  AUTHORIZER_MEMORY_MB,
  costPerMillion,
  LIST_PRICES,
} from '../../../../bench/simulate/list-prices.js';
import type { TrafficResult } from '../../../../bench/simulate/traffic.js';

function result(fields: Partial<TrafficResult>): TrafficResult {
  return {
    requests: 1_000_000,
    reads: 0,
    coldHashes: 0,
    billedMillis: 0,
    flushes: 0,
    hotRequests: 0,
    hotReads: 0,
    hotPeakReads: 0,
    hot: { at: [], route: [], instance: [], flushes: [] },
    ...fields,
  };
}

describe('cost per million authorizations', () => {
  it('charges every request reaching the authorizer one invocation, its duration and one read', () => {
    const cost = costPerMillion(result({ reads: 1_000_000, billedMillis: 2_000_000 }));

    const lambda = LIST_PRICES.lambdaRequests + 2_000 * LIST_PRICES.lambdaArmGbSecond;
    expect(cost.lambda).toBeCloseTo(lambda, 10);
    expect(cost.dynamodb).toBeCloseTo(LIST_PRICES.dynamodbReadRequestUnits, 10);
    expect(cost.restApi).toBeCloseTo(LIST_PRICES.restApiRequests + lambda + cost.dynamodb, 10);
    expect(cost.httpApi).toBeCloseTo(LIST_PRICES.httpApiRequests + lambda + cost.dynamodb, 10);
  });

  it('charges only the gateway for requests its cache answers', () => {
    const cost = costPerMillion(result({ reads: 0 }));

    expect(cost.lambda).toBe(0);
    expect(cost.dynamodb).toBe(0);
    expect(cost.restApi).toBe(LIST_PRICES.restApiRequests);
  });

  it('prices the memory the authorizer is deployed with', () => {
    const manifest = parse(readFileSync('serverless.yml', 'utf8')) as {
      provider: { memorySize: number; architecture: string };
      functions: { authorizer: { memorySize?: number } };
    };

    expect(manifest.functions.authorizer.memorySize ?? manifest.provider.memorySize).toBe(
      AUTHORIZER_MEMORY_MB,
    );
    expect(manifest.provider.architecture).toBe('arm64');
  });
});
