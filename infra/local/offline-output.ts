// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Lines offline prints that only describe its own wiring: the banner gives the one URL that matters. */
const WIRING = [
  /^Starting Offline at stage /,
  /^Offline \[http for lambda\] listening on /,
  /^Function names exposed for local invocation/,
  /^\s+\* \w+: /,
  /^Configuring Authorization: /,
  /^[┌│└]/,
  /^Server ready: /,
  /^Running Authorization function for /,
  /^× Identity Source is null /,
  /^Authorization function returned an error response/,
];
const AUTHORIZER_EXCEPTION = /^× Unhandled exception in handler 'authorizer'\./;
const EXCEPTION_DETAIL = /^(× Error: Unauthorized|\s+at )/;

/**
 * serverless offline's console output as `npm start` shows it: request lines and handler logs,
 * without its 70-line route table, its wiring notes, or the stack trace it prints each time the
 * authorizer refuses a request (a refusal is a normal answer, which the gateway proxy logs as
 * one line).
 */
export class OfflineOutput {
  #muted = false;
  #inException = false;
  #blank = true;
  readonly #partial = new Map<NodeJS.WriteStream, string>();

  constructor(private readonly forward: boolean) {}

  write(chunk: Buffer, stream: NodeJS.WriteStream): void {
    if (!this.forward || this.#muted) {
      return;
    }
    const text = (this.#partial.get(stream) ?? '') + chunk.toString();
    const lines = text.split('\n');
    this.#partial.set(stream, lines.pop() ?? '');
    const kept = lines.filter((line) => this.#keep(line.replace(ANSI, '')));
    if (kept.length > 0) {
      stream.write(`${kept.join('\n')}\n`);
    }
  }

  /** One line of our own, among offline's. */
  note(line: string): void {
    if (this.forward && !this.#muted) {
      process.stdout.write(`${line}\n`);
    }
  }

  /** Stop forwarding: what offline and esbuild print while being stopped is noise. */
  mute(): void {
    this.#muted = true;
  }

  #keep(line: string): boolean {
    if (AUTHORIZER_EXCEPTION.test(line)) {
      this.#inException = true;
      return false;
    }
    if (this.#inException && EXCEPTION_DETAIL.test(line)) {
      return false;
    }
    this.#inException = false;
    if (WIRING.some((pattern) => pattern.test(line))) {
      return false;
    }
    // Offline surrounds everything with blank lines; one in a row is enough.
    const blank = line.trim() === '';
    const keep = !(blank && this.#blank);
    this.#blank = blank;
    return keep;
  }
}
