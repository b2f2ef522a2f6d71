import { inject } from 'vitest';

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function elastic(): string {
  return basic('elastic', inject('elasticPassword'));
}

/** A call to the API through serverless offline, as any ES client makes it. */
export async function api(
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${inject('offlineUrl')}${path}`, {
    method,
    headers: {
      authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : JSON.parse(text) };
}

/** A native user holding one role with the given cluster privileges. */
export async function createUser(
  username: string,
  password: string,
  cluster: string[],
): Promise<void> {
  const role = await api('PUT', `/_security/role/${username}-role`, elastic(), { cluster });
  const user = await api('PUT', `/_security/user/${username}`, elastic(), {
    password,
    roles: [`${username}-role`],
  });
  if (role.status !== 200 || user.status !== 200) {
    throw new Error(`could not create ${username}: ${JSON.stringify([role, user])}`);
  }
}
