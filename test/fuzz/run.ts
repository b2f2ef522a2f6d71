import { parseArgs } from 'node:util';
import { startTestStack } from '../support/test-stack.js';
import { type CampaignResult, runCampaign } from './campaign.js';

// `npm run fuzz -- --runs N [--seed S] [--timeout MS]`: its own in-memory DynamoDB Local and
// serverless offline (test/support/test-stack.ts, as the http tests have), N random requests,
// then a summary.

const SHOWN_PER_PROBLEM = 3;

function positiveInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${text}`);
  }
  return value;
}

function summary(result: CampaignResult, seconds: number): string {
  const lines = [
    `runs: ${result.runs} in ${seconds.toFixed(1)} s, seed: ${result.seed}`,
    `statuses: ${Object.entries(result.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}=${count}`)
      .join(' ')}`,
    `stack healthy afterwards: ${result.healthy ? 'yes' : 'NO'}`,
    `failures: ${result.failures.length}`,
  ];
  // Grouped by problem (status and first words of the reason), a few reproductions each.
  const groups = new Map<string, string[]>();
  for (const failure of result.failures) {
    const key = failure.problem.replace(/^\S+ \S+ -> /, '').slice(0, 100);
    const group = groups.get(key) ?? [];
    group.push(`  ${failure.problem.slice(0, 300)}\n    ${failure.reproduction}`);
    groups.set(key, group);
  }
  for (const [problem, group] of groups) {
    lines.push('', `${group.length} x ${problem}`, ...group.slice(0, SHOWN_PER_PROBLEM));
  }
  if (result.failures.length > 0) {
    lines.push('', `replay: npm run fuzz -- --runs ${result.runs} --seed ${result.seed}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const runs = positiveInteger(values.runs, 1_000, 'runs');
  const seed = positiveInteger(values.seed, Date.now() % 2 ** 31, 'seed');
  const timeoutMillis = positiveInteger(values.timeout, 10_000, 'timeout');
  const stack = await startTestStack(180_000);
  try {
    const started = performance.now();
    const result = await runCampaign({
      baseUrl: stack.offline.url,
      elasticPassword: stack.elasticPassword,
      runs,
      seed,
      timeoutMillis,
      onProgress: (done) => {
        if (done % 500 === 0) {
          process.stderr.write(`${done}/${runs}\n`);
        }
      },
    });
    console.log(summary(result, (performance.now() - started) / 1000));
    return result.failures.length === 0 && result.healthy ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
