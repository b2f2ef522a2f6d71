import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { AuthorizerCache } from '../core/ports.js';

export interface ProtectedStage {
  restApiId: string;
  stageName: string;
}

type Client = Pick<APIGatewayClient, 'send'>;

/**
 * Flushes the authorizer result cache of every protected API Gateway stage. The SDK client is
 * loaded on the first flush: most functions never flush, and the module costs cold-start time.
 */
export class ApiGatewayAuthorizerCache implements AuthorizerCache {
  private client: Promise<Client> | undefined;

  constructor(
    private readonly createClient: () => Promise<Client>,
    private readonly stages: readonly ProtectedStage[],
  ) {}

  static forRegion(region: string, stages: readonly ProtectedStage[]): ApiGatewayAuthorizerCache {
    return new ApiGatewayAuthorizerCache(async () => {
      const { APIGatewayClient } = await import('@aws-sdk/client-api-gateway');
      return new APIGatewayClient({ region });
    }, stages);
  }

  async flush(): Promise<void> {
    const { FlushStageAuthorizersCacheCommand } = await import('@aws-sdk/client-api-gateway');
    this.client ??= this.createClient();
    const client = await this.client;
    const results = await Promise.allSettled(
      this.stages.map((stage) =>
        client.send(
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
