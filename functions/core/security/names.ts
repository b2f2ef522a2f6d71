/**
 * ES's NativeRealmValidationUtil rule for user and role names: 1 to 507 printable Basic Latin
 * characters, with no leading or trailing whitespace.
 */
export function isValidSecurityName(name: string): boolean {
  return (
    name.length >= 1 && name.length <= 507 && /^[\x20-\x7e]+$/.test(name) && name.trim() === name
  );
}

export function invalidNameMessage(kind: 'User' | 'Role'): string {
  return `${kind} names must be at least 1 and no more than 507 characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols in the Basic Latin (ASCII) block. Leading or trailing whitespace is not allowed.`;
}
