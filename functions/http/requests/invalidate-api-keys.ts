import type { InvalidateApiKeysCommand } from '../../core/api-keys/api-key-service.js';
import { validationFailed } from '../../core/errors.js';
import type { LocatedJson } from '../json-with-locations.js';
import { BodyReader } from './body-reader.js';
import { requireBody } from './create-api-key.js';
import { checkFilterLength, checkIds } from './limits.js';

/** `DELETE /_security/api_key`, parsed strictly as ES's `invalidate_api_key`. */
export function parseInvalidateApiKeys(body: LocatedJson | undefined): InvalidateApiKeysCommand {
  const reader = new BodyReader(requireBody(body), 'invalidate_api_key');
  const root = reader.rootObject(['ids', 'name', 'username', 'realm_name', 'owner']);
  const ids = reader.stringArray(root, 'ids');
  const name = reader.string(root, 'name');
  const username = reader.string(root, 'username');
  const realmName = reader.string(root, 'realm_name');
  const owner = reader.boolean(root, 'owner') ?? false;
  if (ids !== undefined) {
    if (ids.length === 0) {
      throw validationFailed(['Field [ids] cannot be an empty array']);
    }
    const blank = ids.findIndex((id) => id.trim() === '');
    if (blank >= 0) {
      throw validationFailed([
        `Field [ids] must not contain blank id, but got blank id at index position: [${blank}]`,
      ]);
    }
    checkIds('ids', ids);
  }
  checkFilterLength('Field', 'name', name);
  checkFilterLength('Field', 'username', username);
  checkFilterLength('Field', 'realm_name', realmName);
  return {
    ...(ids === undefined ? {} : { ids }),
    ...(name === undefined || name === '' ? {} : { name }),
    ...(username === undefined || username === '' ? {} : { username }),
    ...(realmName === undefined || realmName === '' ? {} : { realmName }),
    owner,
  };
}
