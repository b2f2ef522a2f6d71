import { getServices } from '../container.js';
import { deleteRoleChange, putRoleChange } from '../core/audit/config-changes.js';
import { auditChange } from '../core/audit/request-audit.js';
import { Action } from '../core/security/privilege-names.js';
import { parseRoleDescriptor } from '../core/security/role-descriptor.js';
import { esHandler } from '../http/es-handler.js';
import { requireBody } from '../http/requests/create-api-key.js';

/** security.put_role, get_role, delete_role: `/_security/role[/{name}]`. */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ method, pathParameters, body, authentication }) => {
    const { roles } = getServices();
    const name = pathParameters['name'] ?? '';
    if (method === 'GET') {
      const requested = name.split(',').filter((role) => role !== '');
      const found = await roles.get(authentication, requested);
      return found ? { body: found } : { status: 404, body: {} };
    }
    if (method === 'DELETE') {
      auditChange(Action.deleteRole, () => deleteRoleChange(name));
      const found = await roles.delete(authentication, name);
      return { status: found ? 200 : 404, body: { found } };
    }
    const descriptor = parseRoleDescriptor(name, requireBody(body).value);
    auditChange(Action.putRole, () => putRoleChange(name, descriptor));
    return { body: await roles.put(authentication, name, descriptor) };
  },
  { params: ['refresh'] },
);
