import { createInterface } from 'node:readline';

/** Reads one line from a terminal without echoing it (a password). */
export function readHiddenLine(
  question: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    const rl = createInterface({ input, terminal: true });
    // readline echoes through _writeToOutput only when it has an output; with none, nothing typed is shown.
    rl.once('line', (line) => {
      output.write('\n');
      rl.close();
      resolve(line);
    });
    rl.once('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}

/** Asks a yes/no question on a terminal; anything but y/yes is no. */
export function confirm(
  question: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output, terminal: true });
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
