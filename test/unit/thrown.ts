import { EsError } from '../../functions/core/errors.js';

/** Runs `action` and returns the EsError it throws; fails the test if it throws nothing else. */
export function thrown(action: () => unknown): EsError {
  try {
    action();
  } catch (error) {
    if (error instanceof EsError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an EsError to be thrown');
}
