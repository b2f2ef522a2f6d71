import { beforeAll, describe, expect, it } from 'vitest';
import { handler as authenticate } from '../../functions/handlers/authenticate.js';
import { handler } from '../../functions/handlers/grant-api-key.js';
import { apiKeyAuth, invoke } from '../support/events.js';
import { ELASTIC, useHandlerEnvironment, userWith } from '../support/handler-env.js';
import { runCommonSecurityTests } from '../support/security-suite.js';

const grant = (headers: Record<string, string>, body: unknown) =>
  invoke(handler, { method: 'POST', path: '/_security/api_key/grant', headers, body });

describe('security.grant_api_key', () => {
  beforeAll(useHandlerEnvironment);

  it('issues a key owned by the granted user, limited by that user`s roles', async () => {
    const app = await userWith(['grant_api_key']);
    const user = await userWith(['monitor']);

    const response = await grant(app.auth, {
      grant_type: 'password',
      username: user.username,
      password: user.password,
      api_key: { name: 'for-user', expiration: '1d', metadata: { via: 'grant' } },
    });
    const who = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(response.body.encoded),
    });

    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['id', 'name', 'expiration', 'api_key', 'encoded']);
    expect(who.body.username).toBe(user.username);
    expect(who.body.api_key).toEqual({ id: response.body.id, name: 'for-user' });
  });

  it('answers 403 "Failed to authenticate api key grant" for wrong credentials', async () => {
    const user = await userWith(['monitor']);

    const response = await grant(ELASTIC, {
      grant_type: 'password',
      username: user.username,
      password: 'wrong-password',
      api_key: { name: 'k' },
    });

    expect(response.status).toBe(403);
    expect(response.headers['WWW-Authenticate']).toBeUndefined();
    expect(response.body.error).toMatchObject({
      type: 'security_exception',
      reason: 'Failed to authenticate api key grant',
      caused_by: {
        type: 'security_exception',
        reason: `unable to authenticate user [${user.username}] for action [cluster:admin/xpack/security/api_key/grant]`,
      },
    });
  });

  it('answers 403 for a caller without grant_api_key, even with manage_own_api_key', async () => {
    const caller = await userWith(['manage_own_api_key']);

    const response = await grant(caller.auth, {
      grant_type: 'password',
      username: caller.username,
      password: caller.password,
      api_key: { name: 'k' },
    });

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toMatch(
      /this action is granted by the cluster privileges \[grant_api_key,manage_api_key,manage_security,all\]$/,
    );
  });

  it('runs as another user only when the granted user may', async () => {
    const target = await userWith(['monitor']);
    const runner = await userWith(['monitor'], { run_as: [target.username] });
    const plain = await userWith(['monitor']);
    const body = (user: { username: string; password: string }) => ({
      grant_type: 'password',
      username: user.username,
      password: user.password,
      run_as: target.username,
      api_key: { name: 'run-as' },
    });

    const allowed = await grant(ELASTIC, body(runner));
    const denied = await grant(ELASTIC, body(plain));
    const who = await invoke(authenticate, {
      method: 'GET',
      path: '/_security/_authenticate',
      headers: apiKeyAuth(allowed.body.encoded),
    });

    expect(allowed.status).toBe(200);
    expect(who.body.username).toBe(target.username);
    expect(denied.status).toBe(403);
    expect(denied.body.error.reason).toMatch(
      new RegExp(
        `^action \\[cluster:admin/xpack/security/user/authenticate\\] is unauthorized for user \\[${plain.username}\\] with effective roles \\[role-[^\\]]+\\], because user \\[${plain.username}\\] is unauthorized to run as \\[${target.username}\\]$`,
      ),
    );
  });

  it('answers 403, not 500, for a run_as user that cannot exist', async () => {
    const runner = await userWith(['monitor'], { run_as: ['*'] });

    const response = await grant(ELASTIC, {
      grant_type: 'password',
      username: runner.username,
      password: runner.password,
      run_as: '',
      api_key: { name: 'nobody' },
    });

    expect(response.status).toBe(403);
    expect(response.body.error.reason).toMatch(/is unauthorized to run as \[\]$/);
  });

  it('validates the grant as ES does', async () => {
    const missingType = await grant(ELASTIC, { api_key: { name: 'k' } });
    const badType = await grant(ELASTIC, { grant_type: 'magic', api_key: { name: 'k' } });
    const incomplete = await grant(ELASTIC, {
      grant_type: 'password',
      access_token: 't',
      api_key: { name: '_k' },
    });
    const unknown = await grant(ELASTIC, { grant_type: 'password', user: 'x' });

    expect(missingType.body.error.reason).toBe('Validation Failed: 1: [grant_type] is required;');
    expect(badType.body.error.reason).toBe(
      'Validation Failed: 1: grant_type [magic] is not supported;',
    );
    expect(incomplete.body.error).toMatchObject({
      type: 'action_request_validation_exception',
      reason:
        'Validation Failed: 1: api key name may not begin with an underscore;2: [username] is required for grant_type [password];3: [password] is required for grant_type [password];4: [access_token] is not supported for grant_type [password];',
    });
    expect(unknown.body.error.reason).toBe('[1:26] [grant_api_key_request] unknown field [user]');
  });

  runCommonSecurityTests(handler, {
    method: 'POST',
    path: '/_security/api_key/grant',
    body: { grant_type: 'password', username: 'a', password: 'b', api_key: { name: 'k' } },
  });
});
