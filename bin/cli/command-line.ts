import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from './exit-codes.js';

/** util.parseArgs, with a malformed command line reported as a usage error (exit 64). */
export function parseCommandLine<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw usageError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
}
