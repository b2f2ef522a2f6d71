import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Medians of two operations measured side by side: each iteration runs both, in alternating
 * order, so drift in the machine or the engine affects both equally.
 */
export async function interleaved(
  iterations: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  warmup = Math.min(20, iterations),
): Promise<{ a: number; b: number }> {
  for (let i = 0; i < warmup; i += 1) {
    await a();
    await b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    if (i % 2 === 0) {
      timesA.push(await time(a));
      timesB.push(await time(b));
    } else {
      timesB.push(await time(b));
      timesA.push(await time(a));
    }
  }
  return { a: median(timesA), b: median(timesB) };
}

/** Median latency of one operation. */
export async function latency(iterations: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(10, iterations); i += 1) {
    await run();
  }
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    times.push(await time(run));
  }
  return median(times);
}

/** One row of the report: a measured figure, its baseline, and the target on their ratio. */
export interface Row {
  section: string;
  metric: string;
  value: string;
  baseline?: string;
  ratio?: number;
  /** e.g. `<= 1.2`; the ratio is checked against it. */
  target?: string;
}

export function meets(row: Row): string {
  if (row.ratio === undefined || row.target === undefined) {
    return '';
  }
  const [op, bound] = row.target.split(' ') as [string, string];
  const ok = op === '<=' ? row.ratio <= Number(bound) : row.ratio >= Number(bound);
  return ok ? 'yes' : 'NO';
}

export function ms(value: number): string {
  return value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(3)} ms`;
}

/** A Markdown table, columns padded to their widest cell. */
export function markdownTable(
  header: readonly string[],
  lines: readonly (readonly string[])[],
): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => (line[i] as string).length)),
  );
  const format = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [
    format(header),
    format(widths.map((width) => '-'.repeat(width))),
    ...lines.map(format),
  ].join('\n');
}

/** The report as a Markdown table, ready to paste into BENCHMARKS.md. */
export function table(rows: readonly Row[]): string {
  const header = ['section', 'metric', 'measured', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => [
    row.section,
    row.metric,
    row.value,
    row.baseline ?? '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.target ? `${row.target}×` : '',
    meets(row),
  ]);
  return markdownTable(header, lines);
}
