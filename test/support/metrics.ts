import { vi } from 'vitest';

export type EmfDocument = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> };
};

/** The EMF documents the handlers write to stdout while `run` runs (other output is dropped). */
export async function emitted(run: () => Promise<unknown>): Promise<EmfDocument[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return lines
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as EmfDocument);
}

/** The sum of one metric over documents, optionally only those with the given dimensions. */
export function total(
  documents: EmfDocument[],
  name: string,
  dimensions: Record<string, string> = {},
): number {
  return documents
    .filter((doc) => Object.entries(dimensions).every(([key, value]) => doc[key] === value))
    .flatMap((doc) => (doc[name] === undefined ? [] : ([doc[name]].flat() as number[])))
    .reduce((sum, value) => sum + value, 0);
}
