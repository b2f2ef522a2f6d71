/** What the user signed in with; held in memory for the tab only, never in any storage. */
export type Credentials =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'api_key'; encoded: string };

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

export function authorizationHeader(credentials: Credentials): string {
  return credentials.kind === 'basic'
    ? `Basic ${base64Utf8(`${credentials.username}:${credentials.password}`)}`
    : `ApiKey ${credentials.encoded.trim()}`;
}
