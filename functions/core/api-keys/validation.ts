import { type RoleDescriptors, validateRoleDescriptor } from '../security/role-descriptor.js';

/** AbstractCreateApiKeyRequest.validate: name and metadata rules, then role descriptor rules. */
export function validateCreateRequest(
  name: string,
  metadata: Record<string, unknown> | undefined,
  roleDescriptors: RoleDescriptors | undefined,
): string[] {
  const errors: string[] = [];
  if (name.length === 0) {
    errors.push('api key name is required');
  } else {
    if (name.length > 256) {
      errors.push('api key name may not be more than 256 characters long');
    }
    if (name.trim() !== name) {
      errors.push('api key name may not begin or end with whitespace');
    }
    if (name.startsWith('_')) {
      errors.push('api key name may not begin with an underscore');
    }
  }
  errors.push(...validateMetadataAndDescriptors(metadata, roleDescriptors));
  return errors;
}

const CHOSEN_ID_MAX_LENGTH = 64;

function isIdCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x2d
  );
}

/**
 * The `id` extension of create: a caller-chosen id must look like the ids ES generates could
 * (no `:`, which separates id and secret in credentials).
 */
export function validateChosenId(id: string | undefined): string[] {
  if (id === undefined) {
    return [];
  }
  const valid =
    id.length >= 1 &&
    id.length <= CHOSEN_ID_MAX_LENGTH &&
    [...id].every((character) => isIdCharacter(character.charCodeAt(0)));
  return valid
    ? []
    : [`api key id must be 1 to ${CHOSEN_ID_MAX_LENGTH} characters of [A-Za-z0-9_-]`];
}

export function validateMetadataAndDescriptors(
  metadata: Record<string, unknown> | undefined,
  roleDescriptors: RoleDescriptors | undefined,
): string[] {
  const errors: string[] = [];
  if (metadata && Object.keys(metadata).some((key) => key.startsWith('_'))) {
    errors.push('API key metadata keys may not start with [_]');
  }
  for (const descriptor of Object.values(roleDescriptors ?? {})) {
    errors.push(...validateRoleDescriptor(descriptor));
  }
  return errors;
}

/** The filters of a get request, as GetApiKeyRequest.validate checks them. */
export interface GetFilters {
  id?: string;
  name?: string;
  username?: string;
  realmName?: string;
  owner: boolean;
}

/** GetApiKeyRequest.validate. */
export function validateGetRequest(query: GetFilters): string[] {
  const errors: string[] = [];
  if ((query.id !== undefined || query.name !== undefined) && (query.username || query.realmName)) {
    errors.push(
      'username or realm name must not be specified when the api key id or api key name is specified',
    );
  }
  if (query.owner && (query.username || query.realmName)) {
    errors.push('neither username nor realm-name may be specified when retrieving owned API keys');
  }
  if (query.id !== undefined && query.name !== undefined) {
    errors.push('only one of [api key id, api key name] can be specified');
  }
  return errors;
}

/** The filters of an invalidate request, as InvalidateApiKeyRequest.validate checks them. */
export interface InvalidateFilters {
  ids?: string[];
  name?: string;
  username?: string;
  realmName?: string;
  owner: boolean;
}

/** InvalidateApiKeyRequest.validate. */
export function validateInvalidateRequest(command: InvalidateFilters): string[] {
  const hasIds = command.ids !== undefined;
  const errors: string[] = [];
  if (
    !command.owner &&
    !hasIds &&
    command.name === undefined &&
    !command.username &&
    !command.realmName
  ) {
    errors.push(
      'One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag is false',
    );
  }
  if ((hasIds || command.name !== undefined) && (command.username || command.realmName)) {
    errors.push(
      'username or realm name must not be specified when the api key id(s) or api key name are specified',
    );
  }
  if (command.owner && (command.username || command.realmName)) {
    errors.push(
      'neither username nor realm-name may be specified when invalidating owned API keys',
    );
  }
  if (hasIds && command.name !== undefined) {
    errors.push('only one of [api key id(s), api key name] can be specified');
  }
  return errors;
}
