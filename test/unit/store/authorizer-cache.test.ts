import {
  FlushStageAuthorizersCacheCommand,
  type FlushStageAuthorizersCacheCommandInput,
} from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { ApiGatewayAuthorizerCache } from '../../../functions/store/authorizer-cache.js';

/** API Gateway's control plane cannot run here: a stub client records what would be sent. */
function stubClient(failFor: string[] = []) {
  const sent: FlushStageAuthorizersCacheCommandInput[] = [];
  return {
    sent,
    client: {
      send: async (command: unknown) => {
        if (!(command instanceof FlushStageAuthorizersCacheCommand)) {
          throw new Error('unexpected command');
        }
        sent.push(command.input);
        if (failFor.includes(command.input.stageName ?? '')) {
          throw new Error('AccessDenied');
        }
        return {};
      },
    },
  };
}

describe('ApiGatewayAuthorizerCache', () => {
  it('flushes the authorizer cache of every configured stage', async () => {
    const { sent, client } = stubClient();
    const cache = new ApiGatewayAuthorizerCache(
      async () => client as never,
      [
        { restApiId: 'api1', stageName: 'prod' },
        { restApiId: 'api2', stageName: 'dev' },
      ],
    );

    await cache.flush();

    expect(sent).toEqual([
      { restApiId: 'api1', stageName: 'prod' },
      { restApiId: 'api2', stageName: 'dev' },
    ]);
  });

  it('still flushes the other stages when one fails, then reports the failure', async () => {
    const { sent, client } = stubClient(['prod']);
    const cache = new ApiGatewayAuthorizerCache(
      async () => client as never,
      [
        { restApiId: 'api1', stageName: 'prod' },
        { restApiId: 'api2', stageName: 'dev' },
      ],
    );

    const flushing = cache.flush();

    await expect(flushing).rejects.toThrow('failed to flush 1 of 2 authorizer caches');
    expect(sent).toHaveLength(2);
  });
});
