import type { CreateApiKeyCommand } from '../../core/api-keys/api-key-service.js';
import {
  EsError,
  illegalArgument,
  parseException,
  xContentParseException,
} from '../../core/errors.js';
import { parseRoleDescriptor, type RoleDescriptors } from '../../core/security/role-descriptor.js';
import { parseTimeValue } from '../../core/time-value.js';
import type { JsonObject, LocatedJson } from '../json-with-locations.js';
import { BodyReader } from './body-reader.js';

export function requireBody(body: LocatedJson | undefined): LocatedJson {
  if (!body) {
    throw parseException('request body is required');
  }
  return body;
}

/** Parses `role_descriptors`: a map of role name → descriptor (not an array). */
export function readRoleDescriptors(
  reader: BodyReader,
  object: JsonObject,
): RoleDescriptors | undefined {
  const json = reader.object(object, 'role_descriptors');
  if (json === undefined) {
    return undefined;
  }
  try {
    return Object.fromEntries(
      Object.entries(json).map(([name, value]) => [
        name,
        parseRoleDescriptor(name, value, { allowDescription: false }),
      ]),
    );
  } catch (error) {
    throw reader.fieldError(object, 'role_descriptors', error);
  }
}

/** An ES duration, failing as ConstructingObjectParser reports errors from its builder. */
export function readExpiration(
  expiration: string | undefined,
  parser: string,
  field = 'expiration',
): number | undefined {
  if (expiration === undefined) {
    return undefined;
  }
  try {
    return parseTimeValue(expiration, field);
  } catch (error) {
    if (!(error instanceof EsError)) {
      throw error;
    }
    throw xContentParseException(
      `Failed to build [${parser}] after last required field arrived`,
      error.toCause(),
    );
  }
}

/** `PUT|POST /_security/api_key`, parsed strictly as ES's `api_key_request`. */
export function parseCreateApiKey(body: LocatedJson | undefined): CreateApiKeyCommand {
  const located = requireBody(body);
  const reader = new BodyReader(located, 'api_key_request');
  return readCreateApiKey(reader, reader.rootObject(CREATE_FIELDS));
}

/** ES's fields, plus `id`: this service's extension for a caller-chosen id. */
const CREATE_FIELDS = ['name', 'expiration', 'role_descriptors', 'metadata', 'id'];

/** The `api_key_request` object, at the top of a create body or nested in a grant body. */
export function readCreateApiKey(reader: BodyReader, object: JsonObject): CreateApiKeyCommand {
  reader.onlyFields(object, CREATE_FIELDS);
  const name = reader.string(object, 'name');
  const id = reader.string(object, 'id');
  const expiration = reader.string(object, 'expiration');
  const roleDescriptors = readRoleDescriptors(reader, object);
  const metadata = reader.object(object, 'metadata');
  if (name === undefined) {
    throw illegalArgument('Required [name]');
  }
  const expirationMillis = readExpiration(expiration, 'api_key_request');
  return {
    name,
    ...(id === undefined ? {} : { id }),
    ...(expirationMillis === undefined ? {} : { expirationMillis }),
    ...(roleDescriptors === undefined ? {} : { roleDescriptors }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}
