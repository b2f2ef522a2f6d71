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
