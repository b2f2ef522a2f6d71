import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARKER = '<!-- walkthrough:';

/** The sh block after the walkthrough marker in README.md, exactly as written there. */
export function walkthrough(): string {
  const readme = readFileSync(new URL('README.md', `file://${ROOT}`), 'utf8');
  const after = readme.slice(readme.indexOf(MARKER));
  const match = /```sh\n([\s\S]*?)\n```/.exec(after);
  if (!readme.includes(MARKER) || match?.[1] === undefined) {
    throw new Error('README.md has no walkthrough block after its marker');
  }
  return match[1];
}

export interface WalkthroughRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the walkthrough (plus `after`, in the same shell) against `es` with bash, from the repo
 * root. Asynchronous, so a stack in this process (or reading a child's output) keeps running.
 */
export function runWalkthrough(
  es: string,
  elasticPassword: string,
  after = '',
): Promise<WalkthroughRun> {
  const child = spawn('bash', ['-c', `set -euo pipefail\n${walkthrough()}\n${after}`], {
    cwd: ROOT,
    env: { ...process.env, ES: es, ELASTIC_PASSWORD: elasticPassword },
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
