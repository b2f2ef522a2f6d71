import type { UpdateApiKeyCommand } from '../../core/api-keys/api-key-updates.js';
import { EsError, illegalArgument, validationFailed } from '../../core/errors.js';
import { parseTimeValue } from '../../core/time-value.js';
import type { JsonObject, LocatedJson } from '../json-with-locations.js';
import { BodyReader } from './body-reader.js';
import { readRoleDescriptors, requireBody } from './create-api-key.js';
import { checkIds } from './limits.js';

const UPDATE_FIELDS = ['role_descriptors', 'metadata', 'expiration'];

function readUpdate(reader: BodyReader, root: JsonObject): UpdateApiKeyCommand {
  const roleDescriptors = readRoleDescriptors(reader, root);
  const metadata = reader.object(root, 'metadata');
  const expiration = reader.string(root, 'expiration');
  let expirationMillis: number | undefined;
  if (expiration !== undefined) {
    try {
      expirationMillis = parseTimeValue(expiration, 'expiration');
    } catch (error) {
      throw error instanceof EsError ? reader.fieldError(root, 'expiration', error) : error;
    }
  }
  return {
    ...(roleDescriptors === undefined ? {} : { roleDescriptors }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(expirationMillis === undefined ? {} : { expirationMillis }),
  };
}

/** `PUT /_security/api_key/{id}`: the body is optional, parsed as ES's `update_api_key_request_payload`. */
export function parseUpdateApiKey(body: LocatedJson | undefined): UpdateApiKeyCommand {
  if (body === undefined) {
    return {};
  }
  const reader = new BodyReader(body, 'update_api_key_request_payload');
  return readUpdate(reader, reader.rootObject(UPDATE_FIELDS));
}

/** `POST /_security/api_key/_bulk_update`, parsed as ES's `bulk_update_api_key_request`. */
export function parseBulkUpdateApiKeys(
  body: LocatedJson | undefined,
): UpdateApiKeyCommand & { ids: string[] } {
  const reader = new BodyReader(requireBody(body), 'bulk_update_api_key_request');
  const root = reader.rootObject(['ids', ...UPDATE_FIELDS]);
  const ids = reader.stringArray(root, 'ids');
  const command = readUpdate(reader, root);
  if (ids === undefined) {
    throw illegalArgument('Required [ids]');
  }
  if (ids.length === 0) {
    throw validationFailed(['Field [ids] cannot be empty']);
  }
  checkIds('ids', ids);
  return { ids, ...command };
}
