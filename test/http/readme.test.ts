import { describe, expect, inject, it } from 'vitest';
import { runWalkthrough } from '../support/readme-walkthrough.js';

describe('README.md', () => {
  it('runs its curl walkthrough top to bottom against the local stack', async () => {
    const run = await runWalkthrough(inject('offlineUrl'), inject('elasticPassword'));

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
  }, 120_000);
});
