import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARKER = '<!-- walkthrough:';

/** The sh block after the walkthrough marker in README.md, exactly as written there. */
function walkthrough(): string {
  const readme = readFileSync(new URL('README.md', `file://${ROOT}`), 'utf8');
  const after = readme.slice(readme.indexOf(MARKER));
  const match = /```sh\n([\s\S]*?)\n```/.exec(after);
  if (!readme.includes(MARKER) || match?.[1] === undefined) {
    throw new Error('README.md has no walkthrough block after its marker');
  }
  return match[1];
}

describe('README.md', () => {
  it('runs its curl walkthrough top to bottom against the local stack', () => {
    const block = walkthrough();

    const run = spawnSync('bash', ['-c', `set -euo pipefail\n${block}`], {
      cwd: ROOT,
      env: {
        ...process.env,
        ES: inject('offlineUrl'),
        ELASTIC_PASSWORD: inject('elasticPassword'),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    // Every step answered as documented: no error body anywhere, ids captured, the key refused last.
    expect(out).not.toContain('"error"');
    expect(out).toContain('"tagline" : "You Know, for Search"');
    expect(out).toContain('"username" : "jane"');
    expect(out).toContain('"authentication_type" : "api_key"');
    expect(out).toContain('"has_all_requested" : true');
    expect(out).toContain('"updated":true');
    expect(out).toMatch(/"invalidated_api_keys":\["[^"]+"\]/);
    expect(out).toMatch(/"error_count":0\}\n401\n\{"invalidated_api_keys":\["[^"]+","[^"]+"\]/);
  });
});
