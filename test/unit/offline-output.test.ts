import { describe, expect, it } from 'vitest';
import { OfflineOutput } from '../../infra/local/offline-output.js';

/** Collects what OfflineOutput passes on. */
function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

// As serverless offline 14 prints it (colours included) when the authorizer refuses a key.
const REFUSAL = [
  '\u001b[90mRunning Authorization function for get /example/x (λ: authorizer)\u001b[39m',
  '{"level":"info","message":"authorizer denied","reason":"authentication failed","keyId":"foo"}',
  "\u001b[31m× Unhandled exception in handler 'authorizer'.\u001b[39m",
  '\u001b[31m× Error: Unauthorized\u001b[39m',
  '      at Ti (/repo/.esbuild/offline-local-9200/.build/functions/handlers/authorizer.cjs:1:99512)',
  '      at process.processTicksAndRejections (node:internal/process/task_queues:103:5)',
  'Authorization function returned an error response: (λ: authorizer)',
  '',
  '',
  'ANY / (λ: clusterInfo)',
  '',
].join('\n');

describe('OfflineOutput', () => {
  it('drops the authorizer`s refusal stack trace and offline`s wiring, keeps the rest', () => {
    const out = sink();
    const output = new OfflineOutput(true);

    // Split mid-line, as pipes deliver it.
    output.write(Buffer.from(REFUSAL.slice(0, 200)), out.stream);
    output.write(Buffer.from(REFUSAL.slice(200)), out.stream);

    expect(out.text()).toBe(
      '{"level":"info","message":"authorizer denied","reason":"authentication failed","keyId":"foo"}\n\nANY / (λ: clusterInfo)\n',
    );
  });

  it('keeps other handlers` exceptions and drops the route table', () => {
    const out = sink();
    const output = new OfflineOutput(true);

    output.write(
      Buffer.from(
        "┌────┐\n│   POST   | http://127.0.0.1:9201/_security/api_key │\n└────┘\n× Unhandled exception in handler 'users'.\n× Error: boom\n      at x (y.cjs:1:1)\n",
      ),
      out.stream,
    );

    expect(out.text()).toBe(
      "× Unhandled exception in handler 'users'.\n× Error: boom\n      at x (y.cjs:1:1)\n",
    );
  });

  it('prints nothing when not forwarding, or once muted', () => {
    const out = sink();
    const quiet = new OfflineOutput(false);
    const muted = new OfflineOutput(true);
    muted.mute();

    quiet.write(Buffer.from('hello\n'), out.stream);
    muted.write(Buffer.from('hello\n'), out.stream);

    expect(out.text()).toBe('');
  });
});
