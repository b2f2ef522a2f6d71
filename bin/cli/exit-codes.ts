/** sysexits(3) codes, so scripts can tell a typo from a refused password from a missing key. */
export const EXIT = {
  ok: 0,
  other: 1,
  usage: 64,
  notFound: 69,
  auth: 77,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line on stderr and an exit code, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
