import { validateChosenId } from '../../core/api-keys/validation.js';
import { validationFailed } from '../../core/errors.js';

/**
 * `GET /_es_api_keys/api_key/{id}/_usage`: the key id, shaped as every id this service issues
 * (generated or chosen) is, so nothing longer ever reaches the store.
 */
export function parseApiKeyUsage(pathParameters: Record<string, string>): string {
  const id = pathParameters['id'] ?? '';
  const errors = validateChosenId(id);
  if (errors.length > 0) {
    throw validationFailed(errors);
  }
  return id;
}
