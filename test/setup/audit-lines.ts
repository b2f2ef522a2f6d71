import { afterAll, expect } from 'vitest';
import { auditLines, expectEsShape, expectNoSecrets } from '../support/audit-lines.js';
import { ELASTIC_PASSWORD } from '../support/handler-env.js';

/**
 * Every handler test writes audit events (the audit log is on by default). This keeps them off
 * the test output and checks each one when its file is done: ES's shape, and never a secret,
 * password or hash, nor a field that would hold one.
 */
const CAPTURE = Symbol.for('es-api-keys.audit-capture');
type Captured = { lines: string[] };
const state = globalThis as typeof globalThis & { [CAPTURE]?: Captured };

if (state[CAPTURE] === undefined) {
  const captured: Captured = { lines: [] };
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && chunk.startsWith('{"type":"audit"')) {
      captured.lines.push(chunk);
      return true;
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  state[CAPTURE] = captured;
}
const captured = state[CAPTURE];
captured.lines = [];

afterAll(() => {
  const text = captured.lines.join('');
  for (const line of auditLines(text)) {
    expectEsShape(line);
  }
  expect(text).not.toMatch(/"(api_key|encoded|password|api_key_hash|password_hash)":/);
  expectNoSecrets(text, [ELASTIC_PASSWORD]);
});
