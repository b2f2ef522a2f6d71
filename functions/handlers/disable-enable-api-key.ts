import { getServices } from '../container.js';
import { illegalArgument } from '../core/errors.js';
import { esHandler } from '../http/es-handler.js';
import { requireNoBody } from '../http/requests/api-key-extensions.js';

/**
 * Extension: `POST /_es_api_keys/api_key/{id}/_disable` and `.../_enable`, told apart by the
 * path's last segment (one function, one role).
 */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ method, path, body, pathParameters, authentication }) => {
    requireNoBody(method, path, body);
    const disabled = path.endsWith('/_disable')
      ? true
      : path.endsWith('/_enable')
        ? false
        : undefined;
    if (disabled === undefined) {
      throw illegalArgument(`no handler found for uri [${path}] and method [${method}]`);
    }
    return {
      body: await getServices().apiKeyDisabling.setDisabled(
        authentication,
        pathParameters['id'] ?? '',
        disabled,
      ),
    };
  },
);
