import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as bulkUpdate } from '../../functions/handlers/bulk-update-api-keys.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as invalidate } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, contextWithRemaining, invoke } from '../support/events.js';
import {
  type CreatedKey,
  createKey,
  ELASTIC,
  unique,
  useHandlerEnvironment,
} from '../support/handler-env.js';

/** The function timeout in serverless.yml: the request alone must be answered inside it. */
const FUNCTION_TIMEOUT_MILLIS = 10_000;

/** Ids of the same shape as real ones that name no key. */
function unknownIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `unknown${String(i).padStart(13, '0')}`);
}

/**
 * Remaining time that runs out after the service's `calls` looks: everything after stops. Middy
 * looks once when the invocation starts, hence one more.
 */
function runsOutAfter(calls: number) {
  let looks = 0;
  return contextWithRemaining(() => {
    looks += 1;
    return looks <= calls + 1 ? 9_000 : 100;
  });
}

async function isUsable(key: CreatedKey): Promise<boolean> {
  const response = await invoke(authenticate, {
    method: 'GET',
    path: '/_security/_authenticate',
    headers: apiKeyAuth(key.encoded),
  });
  return response.status === 200;
}

describe('bulk work at bulk speed, stopping before the deadline', () => {
  beforeAll(useHandlerEnvironment);

  describe('with 20 keys among 10,000 ids', () => {
    let keys: CreatedKey[] = [];

    beforeAll(async () => {
      keys = await Promise.all(Array.from({ length: 20 }, () => createKey(ELASTIC)));
    });

    it(
      'invalidates them in one request, answered in full within the function timeout',
      async () => {
        const ids = [...unknownIds(9_980), ...keys.map((key) => key.id)];

        const response = await invoke(invalidate, {
          method: 'DELETE',
          path: '/_security/api_key',
          headers: ELASTIC,
          body: { ids },
        });

        expect(response.status).toBe(200);
        expect([...response.body.invalidated_api_keys].sort()).toEqual(
          keys.map((key) => key.id).sort(),
        );
        expect(response.body.error_count).toBe(0);
      },
      FUNCTION_TIMEOUT_MILLIS,
    );
  });

  it('stops invalidating before the deadline: what was done is reported, the rest in error_details', async () => {
    const name = unique('deadline');
    const keys = await Promise.all(Array.from({ length: 10 }, () => createKey(ELASTIC, { name })));

    const response = await invoke(
      invalidate,
      { method: 'DELETE', path: '/_security/api_key', headers: ELASTIC, body: { name } },
      runsOutAfter(3),
    );

    expect(response.status).toBe(200);
    const done: string[] = response.body.invalidated_api_keys;
    expect(done).toHaveLength(3);
    expect(response.body.error_count).toBe(7);
    const skipped = keys.filter((key) => !done.includes(key.id));
    const reasons = (response.body.error_details as Array<{ caused_by: { reason: string } }>)
      .map((detail) => detail.caused_by.reason)
      .sort();
    expect(reasons).toEqual(
      skipped
        .map(
          (key) =>
            `api key [${key.id}] was not invalidated: the request reached its deadline; retry to invalidate it`,
        )
        .sort(),
    );
    expect(response.body.error_details[0]).toEqual({
      type: 'exception',
      reason: 'Error invalidating api key',
      caused_by: { type: 'status_exception', reason: expect.any(String) },
    });
    expect(await Promise.all(skipped.map(isUsable))).toEqual(skipped.map(() => true));
    const invalidatedKey = keys.find((key) => done.includes(key.id)) as CreatedKey;
    expect(await isUsable(invalidatedKey)).toBe(false);
  });

  describe('with 10 keys among 5,000 ids', () => {
    let keys: CreatedKey[] = [];

    beforeAll(async () => {
      keys = await Promise.all(Array.from({ length: 10 }, () => createKey(ELASTIC)));
    });

    it(
      'bulk updates them in one request, answered in full within the function timeout',
      async () => {
        const ids = [...unknownIds(4_990), ...keys.map((key) => key.id)];

        const response = await invoke(bulkUpdate, {
          method: 'POST',
          path: '/_security/api_key/_bulk_update',
          headers: ELASTIC,
          body: { ids, metadata: { bulk: true } },
        });

        expect(response.status).toBe(200);
        expect([...response.body.updated].sort()).toEqual(keys.map((key) => key.id).sort());
        expect(response.body.errors.count).toBe(4_990);
        expect(response.body.errors.details['unknown0000000000000']).toEqual({
          type: 'resource_not_found_exception',
          reason: 'no API key owned by requesting user found for ID [unknown0000000000000]',
        });
      },
      FUNCTION_TIMEOUT_MILLIS,
    );
  });

  it('stops bulk updating before the deadline: the rest are errors the caller can retry', async () => {
    const keys = await Promise.all(Array.from({ length: 6 }, () => createKey(ELASTIC)));
    const ids = keys.map((key) => key.id);

    const response = await invoke(
      bulkUpdate,
      {
        method: 'POST',
        path: '/_security/api_key/_bulk_update',
        headers: ELASTIC,
        body: { ids, metadata: { late: true } },
      },
      runsOutAfter(2),
    );

    expect(response.status).toBe(200);
    expect(response.body.updated).toEqual(ids.slice(0, 2));
    expect(response.body.errors.count).toBe(4);
    expect(Object.keys(response.body.errors.details)).toEqual(ids.slice(2));
    expect(response.body.errors.details[ids[5] as string]).toEqual({
      type: 'status_exception',
      reason: `the request reached its deadline before API key [${ids[5]}] was updated; retry to update it`,
    });
  });

  it('a create that could not be answered in time stores no key', async () => {
    const name = unique('late-create');

    const response = await invoke(
      createApiKey,
      { method: 'POST', path: '/_security/api_key', headers: ELASTIC, body: { name } },
      runsOutAfter(0),
    );
    const stored = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { name },
    });

    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({
      type: 'status_exception',
      reason: 'the request ran out of time before the API key was stored; no API key was created',
    });
    expect(stored.body.api_keys).toEqual([]);
  });
});
