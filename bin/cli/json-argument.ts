import { readFile } from 'node:fs/promises';
import { usageError } from './exit-codes.js';

/** A flag's JSON object value: inline JSON, or `@path` to read it from a file. */
export async function jsonObjectArgument(
  flag: string,
  value: string,
): Promise<Record<string, unknown>> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (error) {
      throw usageError(`${flag}: cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`${flag}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`${flag}: must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
