import {
  type APIGatewayClient,
  FlushStageAuthorizersCacheCommand,
} from '@aws-sdk/client-api-gateway';
import type { AuthorizerCache } from '../core/ports.js';

export interface ProtectedStage {
  restApiId: string;
  stageName: string;
}

/** Flushes the authorizer result cache of every protected API Gateway stage. */
export class ApiGatewayAuthorizerCache implements AuthorizerCache {
  constructor(
    private readonly client: Pick<APIGatewayClient, 'send'>,
    private readonly stages: readonly ProtectedStage[],
  ) {}

  async flush(): Promise<void> {
    const results = await Promise.allSettled(
      this.stages.map((stage) =>
        this.client.send(
          new FlushStageAuthorizersCacheCommand({
            restApiId: stage.restApiId,
            stageName: stage.stageName,
          }),
        ),
      ),
    );
    const failed = results.filter((result) => result.status === 'rejected');
    if (failed.length > 0) {
      throw new Error(
        `failed to flush ${failed.length} of ${this.stages.length} authorizer caches`,
      );
    }
  }
}
