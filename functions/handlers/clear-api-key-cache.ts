import { randomBytes } from 'node:crypto';
import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';

/** This Lambda instance, as the one "node" whose cache a request can reach. */
const nodeId = randomBytes(16).toString('base64url').slice(0, 22);

/**
 * security.clear_api_key_cache: `POST /_security/api_key/{ids}/_clear_cache`. Clears the
 * verified-secret cache of the instance that serves the request. Other warm instances keep
 * theirs, which is safe: a cached entry only proves a secret matches a hash, and every request
 * still reads the key's state.
 */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ pathParameters, authentication }) => {
    const ids = (pathParameters['ids'] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const { apiKeys, config } = getServices();
    apiKeys.clearCache(authentication, ids);
    return {
      body: {
        _nodes: { total: 1, successful: 1, failed: 0 },
        cluster_name: config.clusterName,
        nodes: { [nodeId]: { name: config.nodeName ?? nodeId } },
      },
    };
  },
);
