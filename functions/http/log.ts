/**
 * Structured log lines. Callers pass only what is safe to keep: never an event, a header, a
 * body, a secret, a hash or an error's attached data.
 */
export function logEvent(
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, string | number | boolean | undefined> = {},
): void {
  const line = JSON.stringify({ level, message, ...fields });
  if (level === 'error') {
    console.error(line);
  } else if (level === 'warn') {
    console.warn(line);
  } else {
    console.info(line);
  }
}
