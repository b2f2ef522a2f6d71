import type { RotateApiKeyCommand } from '../../core/api-keys/api-key-rotation.js';
import { illegalArgument } from '../../core/errors.js';
import type { LocatedJson } from '../json-with-locations.js';
import { BodyReader } from './body-reader.js';
import { readExpiration } from './create-api-key.js';

const ROTATE_FIELDS = ['overlap', 'expiration', 'id'];

/** `POST /_es_api_keys/api_key/{id}/_rotate`: an optional body of `overlap`, `expiration`, `id`. */
export function parseRotateApiKey(body: LocatedJson | undefined): RotateApiKeyCommand {
  if (body === undefined) {
    return {};
  }
  const reader = new BodyReader(body, 'rotate_api_key_request');
  const root = reader.rootObject(ROTATE_FIELDS);
  const overlapMillis = readExpiration(
    reader.string(root, 'overlap'),
    'rotate_api_key_request',
    'overlap',
  );
  const expirationMillis = readExpiration(
    reader.string(root, 'expiration'),
    'rotate_api_key_request',
  );
  const id = reader.string(root, 'id');
  if (overlapMillis !== undefined && overlapMillis < 0) {
    throw illegalArgument('[overlap] must be 0 or more');
  }
  return {
    ...(overlapMillis === undefined ? {} : { overlapMillis }),
    ...(expirationMillis === undefined ? {} : { expirationMillis }),
    ...(id === undefined ? {} : { id }),
  };
}

/** Disable and enable take no body, as ES answers for its bodiless endpoints. */
export function requireNoBody(method: string, path: string, body: LocatedJson | undefined): void {
  if (body !== undefined) {
    throw illegalArgument(`request [${method} ${path}] does not support having a body`);
  }
}
