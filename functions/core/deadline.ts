/**
 * How long the current invocation may still run. Long work checks it and stops cleanly before the
 * platform kills the function, so no response is lost after work was done.
 */
export interface Deadline {
  remainingMillis(): number;
}

export const NO_DEADLINE: Deadline = { remainingMillis: () => Number.POSITIVE_INFINITY };

/** The Lambda context's remaining time; no deadline when the context cannot tell (e.g. a test). */
export function deadlineFrom(context: { getRemainingTimeInMillis?: () => number }): Deadline {
  const remaining = context.getRemainingTimeInMillis;
  if (typeof remaining !== 'function') {
    return NO_DEADLINE;
  }
  return { remainingMillis: () => remaining.call(context) };
}
