import { describe, expect, inject, it } from 'vitest';

describe('serverless offline started by the http globalSetup', () => {
  it('serves the real handlers: _authenticate without credentials is a 401', async () => {
    const response = await fetch(`${inject('offlineUrl')}/_security/_authenticate`);

    expect(response.status).toBe(401);
  });
});
