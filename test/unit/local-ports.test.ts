import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortsFree, derivePorts } from '../../infra/local/offline.js';
import { findFreePort, PortInUseError } from '../../infra/local/processes.js';

describe('the local stack`s ports', () => {
  it('derive from PORT unless OFFLINE_LAMBDA_PORT is given', () => {
    expect(derivePorts(9200)).toEqual({ port: 9200, httpPort: 9201, lambdaPort: 9202 });
    expect(derivePorts(9300)).toEqual({ port: 9300, httpPort: 9301, lambdaPort: 9302 });
    expect(derivePorts(9300, 7000)).toEqual({ port: 9300, httpPort: 9301, lambdaPort: 7000 });
  });

  it('name a taken port, its role and the way out, the same way for each', async () => {
    const free = await findFreePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(assertPortsFree([[free, 'the API']])).resolves.toBeUndefined();
      for (const role of ['the API (PORT)', 'DynamoDB Local (DYNAMODB_PORT)']) {
        const attempt = assertPortsFree([[taken, role]]);
        await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
        await expect(attempt).rejects.toThrow(
          `port ${taken} (${role}) is already in use: stop what holds it, or move the stack with PORT (and OFFLINE_LAMBDA_PORT / DYNAMODB_PORT)`,
        );
      }
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
