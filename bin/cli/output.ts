const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/** "23 h", "5 d", "40 s": the largest unit that fits, rounded down. */
export function relativeDuration(millis: number): string {
  const size = Math.abs(millis);
  for (const [unit, length] of UNITS) {
    if (size >= length) {
      return `${Math.floor(size / length)} ${unit}`;
    }
  }
  return `${size} ms`;
}

/** "2026-12-02 21:10 UTC (in 23 h)" or "… (1 d ago)". */
export function expiresPhrase(epochMillis: number, now: number): string {
  const when = `${new Date(epochMillis).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const delta = epochMillis - now;
  return `${when} (${delta >= 0 ? `in ${relativeDuration(delta)}` : `${relativeDuration(delta)} ago`})`;
}

/** A plain-text table with a header row, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
