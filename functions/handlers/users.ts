import { getServices } from '../container.js';
import { deleteUserChange, putUserChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { esHandler } from '../http/es-handler.js';
import { parsePutUser } from '../http/requests/put-user.js';

function names(value: string | undefined): string[] {
  return (value ?? '').split(',').filter((name) => name !== '');
}

/** security.put_user, get_user, delete_user: `/_security/user[/{username}]`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ method, pathParameters, body, authentication }) => {
    const { users } = getServices();
    const username = pathParameters['username'] ?? '';
    if (method === 'GET') {
      const found = await users.get(authentication, names(pathParameters['username']));
      return found ? { body: found } : { status: 404, body: {} };
    }
    if (method === 'DELETE') {
      auditChange(Action.deleteUser, () => deleteUserChange(username));
      const found = await users.delete(authentication, username);
      return { status: found ? 200 : 404, body: { found } };
    }
    const command = parsePutUser(username, body);
    auditChange(Action.putUser, () => putUserChange(command));
    return { body: await users.put(authentication, command) };
  },
  { params: ['refresh'] },
);
