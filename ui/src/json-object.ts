/** Longest JSON text accepted from an editor; the server bounds bodies too, this fails earlier. */
export const MAX_JSON_EDITOR_LENGTH = 100_000;

export type JsonObjectParse =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: string };

/** Parses editor text that must be one JSON object (role descriptors, metadata). */
export function parseJsonObject(text: string, what: string): JsonObjectParse {
  if (text.length > MAX_JSON_EDITOR_LENGTH) {
    return { ok: false, error: `${what} is longer than ${MAX_JSON_EDITOR_LENGTH} characters` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `${what} must be a JSON object` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Role descriptors: an object of role name → descriptor object. */
export function parseRoleDescriptors(text: string): JsonObjectParse {
  const parsed = parseJsonObject(text, 'Role descriptors');
  if (!parsed.ok) {
    return parsed;
  }
  for (const [name, descriptor] of Object.entries(parsed.value)) {
    if (typeof descriptor !== 'object' || descriptor === null || Array.isArray(descriptor)) {
      return { ok: false, error: `Role descriptor [${name}] must be a JSON object` };
    }
  }
  return parsed;
}

export const ROLE_DESCRIPTORS_TEMPLATE = `{
  "read-only": {
    "cluster": [],
    "indices": [],
    "applications": [
      { "application": "my-api", "privileges": ["read"], "resources": ["*"] }
    ]
  }
}`;
