import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../infra/local/offline.js';
import { median, type Row } from './measure.js';

const HANDLERS = join(REPO_ROOT, 'functions', 'handlers');
const LIMIT_BYTES = 300 * 1024;

/** Loads a bundle in a fresh Node process and reports how long `require` took, in ms. */
function initMillis(bundle: string): number {
  const script = `const { performance } = require('node:perf_hooks'); const t = performance.now(); require(${JSON.stringify(bundle)}); process.stdout.write(String(performance.now() - t));`;
  const runs = Array.from({ length: 5 }, () =>
    Number(
      execFileSync(process.execPath, ['-e', script], {
        env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') },
      }).toString(),
    ),
  );
  return median(runs);
}

/**
 * Each handler bundled as serverless-esbuild does for deployment (minified CJS for node22, the
 * AWS SDK left to the runtime): its size, and the time to load it, which is the cold start's
 * share of module initialisation.
 */
export async function bundleRows(): Promise<Row[]> {
  const out = mkdtempSync(join(tmpdir(), 'es-api-keys-bundles-'));
  try {
    const rows: Row[] = [];
    for (const file of readdirSync(HANDLERS)
      .filter((name) => name.endsWith('.ts'))
      .sort()) {
      const outfile = join(out, file.replace(/\.ts$/, '.cjs'));
      await build({
        entryPoints: [join(HANDLERS, file)],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node22',
        format: 'cjs',
        external: ['@aws-sdk/*'],
        logLevel: 'error',
      });
      const bytes = statSync(outfile).size;
      rows.push({
        section: 'bundle',
        metric: `${file.replace(/\.ts$/, '')}: size, module init`,
        value: `${(bytes / 1024).toFixed(1)} KB, ${initMillis(outfile).toFixed(1)} ms`,
        baseline: '300 KB',
        ratio: bytes / LIMIT_BYTES,
        target: '<= 1',
      });
    }
    return rows;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
