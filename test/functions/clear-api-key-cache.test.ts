import { beforeAll, describe, expect, it } from 'vitest';
import { getServices } from '../../functions/container.js';
import { handler } from '../../functions/handlers/clear-api-key-cache.js';
import { invoke } from '../support/events.js';
import { createKey, ELASTIC, useHandlerEnvironment, userWith } from '../support/handler-env.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const clear = (headers: Record<string, string>, ids: string) =>
  invoke(handler, {
    method: 'POST',
    path: `/_security/api_key/${ids}/_clear_cache`,
    pathParameters: { ids },
    headers,
  });

describe('security.clear_api_key_cache', () => {
  beforeAll(useHandlerEnvironment);

  it('forgets the verified secrets of the named keys and answers with a nodes response', async () => {
    const a = await createKey(ELASTIC);
    const b = await createKey(ELASTIC);
    const cache = getServices().verifiedCredentials;
    const cached = (id: string) => cache.has(id);
    const before = [cached(a.id), cached(b.id)];

    const response = await clear(ELASTIC, a.id);

    expect(before).toEqual([true, true]);
    expect([cached(a.id), cached(b.id)]).toEqual([false, true]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      _nodes: { total: 1, successful: 1, failed: 0 },
      cluster_name: 'es-api-keys',
      nodes: { [Object.keys(response.body.nodes)[0] as string]: { name: expect.any(String) } },
    });
  });

  it('clears every entry with *', async () => {
    await createKey(ELASTIC);

    await clear(ELASTIC, '*');

    expect(getServices().verifiedCredentials.size).toBe(0);
  });

  it('needs manage_security', async () => {
    const user = await userWith(['manage_api_key']);

    const response = await clear(user.auth, '*');

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toMatch(
      /^action \[cluster:admin\/xpack\/security\/cache\/clear\] is unauthorized for user .*, this action is granted by the cluster privileges \[manage_security,all\]$/,
    );
  });

  runCommonSecurityTests(handler, {
    method: 'POST',
    path: '/_security/api_key/*/_clear_cache',
    pathParameters: { ids: '*' },
  });
});
