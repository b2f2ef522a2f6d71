import { illegalArgument, parseException } from '../../core/errors.js';
import { isJsonObject, jsonTokenName } from '../../core/json-token.js';
import type { PutUserCommand } from '../../core/security/users.js';
import type { JsonValue, LocatedJson } from '../json-with-locations.js';
import { requireBody } from './create-api-key.js';

/** `PUT /_security/user/{username}`, with the messages of ES's hand-written PutUserRequestBuilder. */
export function parsePutUser(username: string, body: LocatedJson | undefined): PutUserCommand {
  const root = requireBody(body).value;
  if (!isJsonObject(root)) {
    throw parseException(
      `failed to parse add user request. expected an object but found [${jsonTokenName(root)}] instead`,
    );
  }
  const command: PutUserCommand = { username };
  const wrongType = (field: string, expected: string, value: JsonValue): never => {
    throw parseException(
      `expected field [${field}] to be of type ${expected}, but found [${jsonTokenName(value)}] instead`,
    );
  };
  const nullableString = (field: string, value: JsonValue): string | null =>
    value === null || typeof value === 'string' ? value : wrongType(field, 'string', value);
  for (const [field, value] of Object.entries(root)) {
    switch (field) {
      case 'username':
        if (value !== username) {
          throw illegalArgument(
            `[username] in source does not match the username provided [${username}]`,
          );
        }
        break;
      case 'password':
        command.password = typeof value === 'string' ? value : wrongType(field, 'string', value);
        break;
      case 'password_hash':
        throw parseException(
          'failed to parse add user request. [password_hash] is not supported by this service; send [password]',
        );
      case 'roles':
        if (typeof value === 'string') {
          command.roles = value
            .split(',')
            .map((role) => role.trim())
            .filter((role) => role !== '');
        } else if (Array.isArray(value) && value.every((role) => typeof role === 'string')) {
          command.roles = value as string[];
        } else {
          wrongType(field, 'array of strings', value);
        }
        break;
      case 'full_name':
        command.full_name = nullableString(field, value);
        break;
      case 'email':
        command.email = nullableString(field, value);
        break;
      case 'metadata':
        command.metadata = isJsonObject(value) ? value : wrongType(field, 'object', value);
        break;
      case 'enabled':
        command.enabled = typeof value === 'boolean' ? value : wrongType(field, 'boolean', value);
        break;
      default:
        throw parseException(`failed to parse add user request. unexpected field [${field}]`);
    }
  }
  return command;
}
