import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const url = inject('offlineUrl');
const password = inject('elasticPassword');
const elastic = `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the repository's bin/ commands as a user would, with a clean environment. */
function cli(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const bin = fileURLToPath(new URL(`../../bin/${command}`, import.meta.url));
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      {
        env: { PATH: process.env['PATH'] ?? '', ELASTICSEARCH_URL: url, ...env },
        timeout: 25_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function authenticateWith(id: string, secret: string): Promise<Response> {
  return fetch(`${url}/_security/_authenticate`, {
    headers: { authorization: `ApiKey ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
  });
}

function field(output: string, name: string): string {
  const line = output.split('\n').find((text) => text.startsWith(`${name}:`));
  return line === undefined ? '' : line.slice(name.length + 1).trim();
}

// Each run starts a Node process with tsx: seconds apiece on a loaded two-core machine.
describe('bin/elasticsearch-create-api-key', { timeout: 90_000 }, () => {
  it('runs the documented command: a reader key with a chosen id that authenticates as that id', async () => {
    const role = await fetch(`${url}/_security/role/reader`, {
      method: 'PUT',
      headers: { authorization: elastic, 'content-type': 'application/json' },
      body: JSON.stringify({
        cluster: ['monitor'],
        indices: [{ names: ['*'], privileges: ['read'] }],
      }),
    });
    expect(role.status).toBe(200);

    const run = await cli(
      'elasticsearch-create-api-key',
      ['--name', 'my_app_key', '--role', 'reader', '--expiration', '1d', '--id', 'my_app_id'],
      { ELASTIC_PASSWORD: password },
    );
    const who = await authenticateWith('my_app_id', field(run.stdout, 'api_key'));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(field(run.stdout, 'id')).toBe('my_app_id');
    expect(field(run.stdout, 'name')).toBe('my_app_key');
    expect(field(run.stdout, 'expires')).toMatch(/\(in 23 h\)$/);
    expect(run.stdout).toContain('shown only once');
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({
      authentication_type: 'api_key',
      api_key: { id: 'my_app_id', name: 'my_app_key' },
    });
  });

  it('refuses an id that is taken with a conflict, and leaves the first key working', async () => {
    const first = await cli(
      'elasticsearch-create-api-key',
      ['--name', 'a', '--id', 'taken_id', '--json'],
      {
        ELASTIC_PASSWORD: password,
      },
    );
    const second = await cli('elasticsearch-create-api-key', ['--name', 'b', '--id', 'taken_id'], {
      ELASTIC_PASSWORD: password,
    });
    const created = JSON.parse(first.stdout) as { id: string; api_key: string; encoded: string };

    expect(first.code).toBe(0);
    expect(created.id).toBe('taken_id');
    expect(Buffer.from(created.encoded, 'base64').toString()).toBe(`taken_id:${created.api_key}`);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('version_conflict_engine_exception');
    expect((await authenticateWith('taken_id', created.api_key)).status).toBe(200);
  });

  it('names an unknown role and exits 69 without creating anything', async () => {
    const run = await cli(
      'elasticsearch-create-api-key',
      ['--name', 'x', '--role', 'no_such_role'],
      {
        ELASTIC_PASSWORD: password,
      },
    );

    expect(run.code).toBe(69);
    expect(run.stderr).toContain('unknown role [no_such_role]');
  });

  it('exits 77 on a wrong password and 64 on a usage error, never echoing the password', async () => {
    const wrong = await cli('elasticsearch-create-api-key', ['--name', 'x'], {
      ELASTIC_PASSWORD: 'not-the-password',
    });
    const usage = await cli('elasticsearch-create-api-key', ['--expiration', '1d'], {
      ELASTIC_PASSWORD: password,
    });

    expect(wrong.code).toBe(77);
    expect(wrong.stderr).toContain('security_exception');
    expect(wrong.stderr + wrong.stdout).not.toContain('not-the-password');
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('--name is required');
  });
});

describe('bin/elasticsearch-api-keys', { timeout: 90_000 }, () => {
  it('lists, shows, and invalidates keys, and tells who an API key is', async () => {
    const created = JSON.parse(
      (
        await cli('elasticsearch-create-api-key', ['--name', 'cli-listed', '--json'], {
          ELASTIC_PASSWORD: password,
        })
      ).stdout,
    ) as { id: string; encoded: string };

    const listed = await cli('elasticsearch-api-keys', ['list', '--name', 'cli-listed'], {
      ELASTIC_PASSWORD: password,
    });
    const whoami = await cli('elasticsearch-api-keys', ['whoami', '--json'], {
      ELASTIC_API_KEY: created.encoded,
    });
    const invalidated = await cli('elasticsearch-api-keys', ['invalidate', created.id, '--json'], {
      ELASTIC_PASSWORD: password,
    });
    const after = await cli('elasticsearch-api-keys', ['get', created.id], {
      ELASTIC_PASSWORD: password,
    });

    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(
      /^ID\s+NAME\s+OWNER\s+CREATED\s+EXPIRES\s+STATUS$/,
    );
    const row = listed.stdout.split('\n').find((line) => line.startsWith(`${created.id} `)) ?? '';
    expect(row.split(/\s{2,}/)).toEqual([
      created.id,
      'cli-listed',
      'elastic (reserved)',
      expect.stringMatching(/ ago$/),
      'never',
      'active',
    ]);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      api_key: { id: created.id, name: 'cli-listed' },
    });
    expect(invalidated.stderr).toBe('');
    expect(JSON.parse(invalidated.stdout)).toMatchObject({ invalidated_api_keys: [created.id] });
    expect(field(after.stdout, 'status')).toBe('invalidated');
  });

  it('disables, enables and rotates a key through the extensions', async () => {
    const env = { ELASTIC_PASSWORD: password };
    const created = JSON.parse(
      (await cli('elasticsearch-create-api-key', ['--name', 'cli-rotated', '--json'], env)).stdout,
    ) as { id: string; api_key: string };

    const disabled = await cli('elasticsearch-api-keys', ['disable', created.id], env);
    const shown = await cli('elasticsearch-api-keys', ['get', created.id], env);
    const refused = await authenticateWith(created.id, created.api_key);
    const again = await cli('elasticsearch-api-keys', ['disable', created.id], env);
    const enabled = await cli('elasticsearch-api-keys', ['enable', created.id], env);
    const rotated = await cli(
      'elasticsearch-api-keys',
      ['rotate', created.id, '--overlap', '0s', '--expiration', '1d'],
      env,
    );
    const successor = await authenticateWith(
      field(rotated.stdout, 'id'),
      field(rotated.stdout, 'api_key'),
    );
    const predecessor = await authenticateWith(created.id, created.api_key);
    const unknown = await cli('elasticsearch-api-keys', ['rotate', 'no-such-key'], env);

    expect(disabled.stdout).toBe(`disabled ${created.id}\n`);
    expect(field(shown.stdout, 'status')).toBe('disabled');
    expect(refused.status).toBe(401);
    expect(again.stdout).toBe(`${created.id} was already disabled\n`);
    expect(enabled.stdout).toBe(`enabled ${created.id}\n`);
    expect(rotated.code).toBe(0);
    expect(field(rotated.stdout, 'name')).toBe('cli-rotated');
    expect(field(rotated.stdout, 'expires')).toMatch(/\(in 23 h\)$/);
    expect(field(rotated.stdout, 'replaces')).toMatch(
      new RegExp(`^${created.id}, which now expires `),
    );
    expect(rotated.stdout).toContain('shown only once');
    expect(successor.status).toBe(200);
    expect(predecessor.status).toBe(401);
    expect(unknown.code).toBe(69);
    expect(unknown.stderr).toContain(
      'resource_not_found_exception: no API key owned by requesting user found for ID [no-such-key] (status 404)',
    );
  });

  it('exits 77 for a refused key and 64 for an unknown command', async () => {
    const refused = await cli('elasticsearch-api-keys', ['whoami'], {
      ELASTIC_API_KEY: Buffer.from('nope:nope').toString('base64'),
    });
    const unknown = await cli('elasticsearch-api-keys', ['frobnicate'], {
      ELASTIC_PASSWORD: password,
    });

    expect(refused.code).toBe(77);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('unknown command [frobnicate]');
  });
});

// Extension: usage plans.
describe('bin/elasticsearch-api-keys usage', { timeout: 90_000 }, () => {
  it('shows a key`s plan, and that the local stack meters nothing', async () => {
    const created = JSON.parse(
      (
        await cli(
          'elasticsearch-create-api-key',
          ['--name', 'cli-planned', '--metadata', '{"usage_plan":"premium"}', '--json'],
          { ELASTIC_PASSWORD: password },
        )
      ).stdout,
    ) as { id: string };

    const shown = await cli('elasticsearch-api-keys', ['usage', created.id], {
      ELASTIC_PASSWORD: password,
    });
    const missing = await cli('elasticsearch-api-keys', ['usage', 'no-such-key'], {
      ELASTIC_PASSWORD: password,
    });

    expect(shown.code).toBe(0);
    expect(field(shown.stdout, 'usage plan')).toBe('premium');
    expect(field(shown.stdout, 'quota')).toBe('1000000 per MONTH');
    expect(field(shown.stdout, 'used')).toBe(
      'not metered: usage is not metered locally: there is no API Gateway in front of the local stack',
    );
    expect(missing.code).toBe(69);
  });
});
