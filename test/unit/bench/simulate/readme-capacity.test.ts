import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  capacityCells,
  capacityRows,
  settingsLine,
} from '../../../../bench/simulate/capacity-table.js';
import { parseSimulateOptions } from '../../../../bench/simulate/options.js';

const HEADING = '## Capacity (npm run simulate)';

function capacitySection(): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(HEADING);
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + HEADING.length);
  return readme.slice(start, end === -1 ? undefined : end);
}

function tableRows(section: string): string[][] {
  return section
    .split('\n')
    .filter((line) => /^\| [\d,]+ /.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

describe("the README's capacity section", () => {
  const section = capacitySection();
  const options = parseSimulateOptions([]);

  it('comes right after the cost model', () => {
    const readme = readFileSync('README.md', 'utf8');
    const costModel = readme.indexOf('## Cost model (DynamoDB reads per request)');
    const next = readme.indexOf('\n## ', costModel + 1);

    expect(readme.slice(next + 1).startsWith(HEADING)).toBe(true);
  });

  it('states the settings npm run simulate uses by default', () => {
    expect(section).toContain(settingsLine(options));
  });

  it('quotes the rows npm run simulate prints for 1,000 requests per second', () => {
    const printed = capacityCells(
      capacityRows({ ...options, rates: [1000] }),
      options.durationSeconds,
    );

    const quoted = tableRows(section).filter((cells) => cells[0] === '1,000');

    expect(printed.length).toBe(options.authorizerTtls.length);
    expect(quoted).toEqual(printed);
  });

  it('quotes a row for every default rate and TTL', () => {
    const quoted = tableRows(section).map((cells) => `${cells[0]} ${cells[1]}`);

    expect(quoted).toEqual(
      options.rates.flatMap((rate) =>
        options.authorizerTtls.map((ttl) => `${rate.toLocaleString('en-US')} ${ttl}`),
      ),
    );
  });
});
