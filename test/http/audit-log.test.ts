import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditLine,
  auditLines,
  expectEsShape,
  expectNoSecrets,
} from '../support/audit-lines.js';
import { runWalkthrough, type WalkthroughRun } from '../support/readme-walkthrough.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const JANE_PASSWORD = 's3cret-pw';
const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * The README walkthrough against a stack of its own with every audit event on: what the handlers
 * print (serverless offline's whole stdout) holds ES-shaped events for each step, and no secret.
 */
describe('audit log of the README walkthrough', () => {
  let stack: TestStack | undefined;
  let output = '';
  let run: WalkthroughRun;
  let lines: AuditLine[] = [];

  beforeAll(async () => {
    stack = await startTestStack(110_000, {
      env: { AUDIT_EVENTS_INCLUDE: '_all' },
      onStdout: (chunk) => {
        output += chunk;
      },
    });
    // The first key's whole create response, so its secret can be looked for afterwards.
    run = await runWalkthrough(stack.offline.url, stack.elasticPassword, 'echo "FIRST-KEY $KEY"');
    // The last step's events may reach this process just after curl has its answer.
    for (let waited = 0; waited < 5_000 && !output.includes('"delete_user"'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    lines = auditLines(output);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const changes = () => lines.filter((line) => line['event.type'] === 'security_config_change');

  it('ran the walkthrough, every event in ES shape', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) {
      expectEsShape(line);
      expect(line['request.id']).not.toBe('');
    }
    expect(
      lines.filter((line) => line['origin.type'] === 'rest').map((l) => l['origin.address']),
    ).toContain('127.0.0.1');
  });

  it('wrote each security change of the walkthrough, in order, as ES writes it', () => {
    const id = /"id":"([^"]+)"/.exec(run.stdout.slice(run.stdout.indexOf('FIRST-KEY')))?.[1];
    const janeKey = changes()[4]?.['change'] as { apikey?: { id?: string } } | undefined;

    expect(changes().map((line) => line['event.action'])).toEqual([
      'put_role',
      'put_user',
      'create_apikey',
      'create_apikey',
      'change_apikey',
      'change_apikeys',
      'create_apikey',
      'invalidate_apikeys',
      'invalidate_apikeys',
      'delete_user',
    ]);
    expect(
      changes().map(
        (line) =>
          line['put'] ?? line['create'] ?? line['change'] ?? line['invalidate'] ?? line['delete'],
      ),
    ).toEqual([
      {
        role: {
          name: 'key-manager',
          role_descriptor: {
            cluster: ['manage_own_api_key'],
            indices: [],
            applications: [],
            run_as: [],
          },
        },
      },
      { user: { name: 'jane', enabled: true, roles: ['key-manager'], has_password: true } },
      {
        apikey: {
          name: 'my-api-key',
          type: 'rest',
          expiration: '1d',
          role_descriptors: [
            {
              cluster: ['monitor'],
              indices: [],
              applications: [{ application: 'example', privileges: ['read'], resources: ['*'] }],
              run_as: [],
            },
          ],
          metadata: { application: 'my-application' },
        },
      },
      { apikey: { name: 'jane-key', type: 'rest', expiration: null, role_descriptors: [] } },
      {
        apikey: {
          id: janeKey?.apikey?.id,
          type: 'rest',
          metadata: { environment: 'production' },
          expiration: null,
        },
      },
      { apikeys: { ids: [janeKey?.apikey?.id], type: 'rest', expiration: '30d' } },
      {
        apikey: { name: 'for-jane', type: 'rest', expiration: '7d', role_descriptors: [] },
        grant: { type: 'password', user: { name: 'jane', has_password: true } },
      },
      { apikeys: { ids: [id], owned_by_authenticated_user: false } },
      { apikeys: { owned_by_authenticated_user: false, user: { name: 'jane', realm: null } } },
      { user: { name: 'jane' } },
    ]);
    expect(janeKey?.apikey?.id).toMatch(/^[\w-]{20}$/);
  });

  it('wrote who authenticated, what each was allowed, and the refused key', () => {
    const id = /"id":"([^"]+)"/.exec(run.stdout.slice(run.stdout.indexOf('FIRST-KEY')))?.[1];
    const event = (action: string, match: Record<string, unknown>) =>
      lines.find(
        (line) =>
          line['event.action'] === action &&
          Object.entries(match).every(([field, value]) => line[field] === value),
      );

    expect(
      event('authentication_success', { 'user.name': 'elastic', realm: 'reserved' }),
    ).toMatchObject({
      'authentication.type': 'REALM',
      'user.realm': 'reserved',
      'url.path': '/',
      'url.query': 'pretty',
      'request.method': 'GET',
    });
    expect(event('access_granted', { action: 'cluster:monitor/main' })?.['request.name']).toBe(
      'MainRequest',
    );
    expect(event('authentication_success', { 'apikey.id': id })).toMatchObject({
      'authentication.type': 'API_KEY',
      'apikey.name': 'my-api-key',
      'user.name': 'elastic',
      realm: '_es_api_key',
    });
    expect(
      event('access_granted', {
        'apikey.id': id,
        action: 'cluster:admin/xpack/security/user/has_privileges',
      }),
    ).toMatchObject({ 'request.name': 'HasPrivilegesRequest', 'origin.type': 'rest' });
    expect(
      event('access_granted', {
        'user.name': 'jane',
        action: 'cluster:admin/xpack/security/api_key/create',
      }),
    ).toMatchObject({ 'user.realm': 'default_native', 'user.roles': ['key-manager'] });
    expect(lines.filter((line) => line['event.action'] === 'authentication_failed')).toEqual([
      expect.objectContaining({ 'user.name': id, 'url.path': '/_security/_authenticate' }),
    ]);
  });

  it('printed no secret, password or hash anywhere', () => {
    const first = run.stdout.slice(run.stdout.indexOf('FIRST-KEY'));
    const secrets = [
      ...[...run.stdout.matchAll(/"api_key"\s*:\s*"([^"]+)"/g)].map((match) => match[1] ?? ''),
      ...[...run.stdout.matchAll(/"encoded"\s*:\s*"([^"]+)"/g)].map((match) => match[1] ?? ''),
    ];

    expect(first).toMatch(/"api_key":"/);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expectNoSecrets(output, [
      ...secrets,
      stack?.elasticPassword ?? 'no-stack',
      JANE_PASSWORD,
      base64(`elastic:${stack?.elasticPassword}`),
      base64(`jane:${JANE_PASSWORD}`),
    ]);
  });
});
