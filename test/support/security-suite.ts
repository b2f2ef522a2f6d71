import { expect, it } from 'vitest';
import { handler as invalidateApiKeys } from '../../functions/handlers/invalidate-api-keys.js';
import { apiKeyAuth, basicAuth, invoke, type LambdaHandler, type RestRequest } from './events.js';
import { createKey, ELASTIC } from './handler-env.js';

const CHALLENGES = ['Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', 'ApiKey'];

function expect401(response: Awaited<ReturnType<typeof invoke>>, reason: string, detail?: string) {
  expect(response.status).toBe(401);
  expect(response.multiValueHeaders['WWW-Authenticate']).toEqual(CHALLENGES);
  const cause: Record<string, unknown> = { type: 'security_exception', reason };
  if (detail !== undefined) {
    cause['additional_unsuccessful_credentials'] = detail;
  }
  cause['header'] = { 'WWW-Authenticate': CHALLENGES };
  expect(response.body).toEqual({ error: { root_cause: [cause], ...cause }, status: 401 });
}

const NOT_ANONYMOUS =
  'unable to authenticate with provided credentials and anonymous access is not allowed for this request';

/**
 * Every `_security` route must refuse missing, malformed, wrong, expired and invalidated
 * credentials with the same ES 401 (after `useHandlerEnvironment`).
 */
export function runCommonSecurityTests(handler: LambdaHandler, request: RestRequest): void {
  const call = (headers: Record<string, string>) => invoke(handler, { ...request, headers });

  it('answers 401 with WWW-Authenticate when no credentials are sent', async () => {
    const response = await call({});

    expect401(response, `missing authentication credentials for REST request [${request.path}]`);
  });

  it('answers 401 for an ApiKey header that is not base64 of id:secret', async () => {
    const response = await call({ Authorization: 'ApiKey id:secret' });

    expect401(response, NOT_ANONYMOUS, 'API key: invalid ApiKey value');
  });

  it('answers 401 for an unknown key id', async () => {
    const encoded = Buffer.from('AAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB').toString('base64');

    const response = await call(apiKeyAuth(encoded));

    expect401(
      response,
      NOT_ANONYMOUS,
      'API key: unable to find apikey with id AAAAAAAAAAAAAAAAAAAA',
    );
  });

  it('answers 401 for a wrong secret', async () => {
    const key = await createKey(ELASTIC);
    const encoded = Buffer.from(`${key.id}:${'x'.repeat(22)}`).toString('base64');

    const response = await call(apiKeyAuth(encoded));

    expect401(response, NOT_ANONYMOUS, `API key: invalid credentials for API key [${key.id}]`);
  });

  it('answers 401 for a wrong Basic password', async () => {
    const response = await call(basicAuth('elastic', 'not-the-password'));

    expect401(response, `unable to authenticate user [elastic] for REST request [${request.path}]`);
  });

  it('answers 401 for an expired key', async () => {
    const key = await createKey(ELASTIC, { expiration: '0s' });

    const response = await call(apiKeyAuth(key.encoded));

    expect401(response, NOT_ANONYMOUS, 'API key: api key is expired');
  });

  it('answers 401 for an invalidated key, from the very next request', async () => {
    const key = await createKey(ELASTIC);
    await invoke(invalidateApiKeys, {
      method: 'DELETE',
      path: '/_security/api_key',
      headers: ELASTIC,
      body: { ids: [key.id] },
    });

    const response = await call(apiKeyAuth(key.encoded));

    expect401(response, NOT_ANONYMOUS, `API key: api key [${key.id}] has been invalidated`);
  });
}
