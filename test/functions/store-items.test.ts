import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { buildServices } from '../../functions/container.js';
import type { RealmAuthentication } from '../../functions/core/security/authentication.js';
import { hashSecret } from '../../functions/core/security/hashing.js';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler as createApiKey } from '../../functions/handlers/create-api-key.js';
import { handler as getApiKeys } from '../../functions/handlers/get-api-keys.js';
import { handler as update } from '../../functions/handlers/update-api-key.js';
import { createDocumentClient } from '../../functions/store/dynamo-client.js';
import { apiKeyRecord } from '../support/api-key-records.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import {
  ELASTIC,
  ELASTIC_PASSWORD,
  unique,
  useHandlerEnvironment,
} from '../support/handler-env.js';

const DAY = 86_400_000;

/** Writes an item as-is, the way an older version of the service (or a bad hand) left it. */
async function putRawItem(item: Record<string, unknown>): Promise<void> {
  const client = createDocumentClient({
    region: 'us-east-1',
    endpoint: process.env['DYNAMODB_ENDPOINT'],
  });
  try {
    await client.send(new PutCommand({ TableName: process.env['API_KEYS_TABLE'], Item: item }));
  } finally {
    client.destroy();
  }
}

/** An old-style item (every field a map), with a secret that authenticates. */
async function oldStyleKey(patch: Record<string, unknown> = {}) {
  const id = unique('old')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 20)
    .padEnd(20, 'x');
  const secret = 'old-style-secret-0123';
  const record = apiKeyRecord({
    id,
    name: 'old-style',
    creation_time: Date.now(),
    api_key_hash: await hashSecret(secret, { name: 'ssha256' }),
    metadata: { app: 'billing', nested: { n: 3 } },
    role_descriptors: {
      reader: { cluster: ['monitor'], indices: [], applications: [], run_as: [], metadata: {} },
    },
    creator: {
      principal: 'elastic',
      realm: 'reserved',
      realm_type: 'reserved',
      full_name: null,
      email: null,
      metadata: {},
    },
  });
  await putRawItem({ ...record, owner_key: 'reserved/elastic', ...patch });
  return { id, auth: apiKeyAuth(Buffer.from(`${id}:${secret}`).toString('base64')) };
}

describe('items as the store holds them', () => {
  beforeAll(useHandlerEnvironment);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads keys written in the old map form: get and authenticate', async () => {
    const key = await oldStyleKey();

    const got = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { id: key.id },
    });
    const who = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: key.auth,
    });

    expect(got.status).toBe(200);
    expect(got.body.api_keys[0].metadata).toEqual({ app: 'billing', nested: { n: 3 } });
    expect(got.body.api_keys[0].role_descriptors.reader.cluster).toEqual(['monitor']);
    expect(who.status).toBe(200);
    expect(who.body.api_key).toEqual({ id: key.id, name: 'old-style' });
  });

  it('a malformed item is a logged 500, never an authentication decision', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Owned by no one else's tests: every read of its owner's keys fails on it.
    const key = await oldStyleKey({
      role_descriptors: { reader: { cluster: 'all', indices: [], run_as: [], metadata: {} } },
      owner_key: 'native/malformed-owner',
    });

    const who = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: key.auth,
    });
    const got = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { id: key.id },
    });

    for (const response of [who, got]) {
      expect(response.status).toBe(500);
      expect(response.body.error.reason).toBe(
        'An internal error occurred while processing the request',
      );
    }
    const logged = errors.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'store failed',
        operation: 'get',
        errorName: 'MalformedItemError',
        errorMessage: expect.stringContaining(
          `api key [${key.id}] [role_descriptors] holds a value that is not a role descriptor`,
        ),
      }),
    );
    expect(JSON.stringify(logged)).not.toContain('{SSHA256}');
  });

  it('hides a key past its retention even before the TTL sweep removes it', async () => {
    const later = Date.now() + 30 * DAY;
    const services = buildServices(loadConfig(process.env), () => later);
    const elastic = (await services.users.authenticate(
      'elastic',
      ELASTIC_PASSWORD,
      'REST request [/]',
    )) as RealmAuthentication;
    // Expires in one day; retention ends a week after that, well before `later`.
    const key = await oldStyleKey({
      expiration_time: Date.now() + DAY,
      delete_after: Math.ceil((Date.now() + 8 * DAY) / 1000),
    });

    const byId = await services.apiKeys.get(elastic, {
      id: key.id,
      owner: false,
      withLimitedBy: false,
      activeOnly: false,
    });
    const byOwner = await services.apiKeys.get(elastic, {
      owner: true,
      withLimitedBy: false,
      activeOnly: false,
    });
    const now = await invoke(getApiKeys, {
      method: 'GET',
      path: '/_security/api_key',
      headers: ELASTIC,
      query: { id: key.id },
    });

    expect(byId.api_keys).toEqual([]);
    expect(byOwner.api_keys.map((info) => info['id'])).not.toContain(key.id);
    expect(now.body.api_keys.map((info: { id: string }) => info.id)).toEqual([key.id]);
  });

  it.each(['999999999999999d', '100000000d'])(
    'refuses an expiration of %s, past any representable date, with a 400',
    async (expiration) => {
      const created = await invoke(createApiKey, {
        method: 'POST',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { name: unique('far'), expiration },
      });
      const key = await invoke(createApiKey, {
        method: 'POST',
        path: '/_security/api_key',
        headers: ELASTIC,
        body: { name: unique('near') },
      });
      const updated = await invoke(update, {
        method: 'PUT',
        path: `/_security/api_key/${key.body.id}`,
        pathParameters: { ids: key.body.id },
        headers: ELASTIC,
        body: { expiration },
      });

      for (const response of [created, updated]) {
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          type: 'illegal_argument_exception',
          reason:
            'API key expiration is too far in the future: it must be no later than [+275760-09-13T00:00:00.000Z]',
        });
      }
    },
  );
});
