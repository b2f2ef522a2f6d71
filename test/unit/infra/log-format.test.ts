import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const service = parse(
  readFileSync(new URL('../../../serverless.yml', import.meta.url), 'utf8'),
) as {
  provider: { logs?: { lambda?: { logFormat?: string } } };
  functions: Record<string, { logs?: unknown }>;
};

describe("Lambda's log format (serverless.yml)", () => {
  it('is JSON for every function: set once for the provider, replaced by none', () => {
    // osls compiles provider.logs.lambda into each function's LoggingConfig unless the function
    // has `logs` of its own, which would replace it whole.
    expect(service.provider.logs?.lambda?.logFormat).toBe('JSON');
    expect(Object.keys(service.functions).length).toBeGreaterThan(10);
    for (const [name, fn] of Object.entries(service.functions)) {
      expect(fn.logs, name).toBeUndefined();
    }
  });
});
