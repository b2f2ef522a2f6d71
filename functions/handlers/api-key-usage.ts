import { getServices } from '../container.js';
import { esHandler } from '../http/es-handler.js';
import { parseApiKeyUsage } from '../http/requests/api-key-usage.js';

/**
 * Extension `GET /_es_api_keys/api_key/{id}/_usage`: the key's usage plan and its usage in the
 * plan's current quota period (read rules of ES's get API key).
 */
export const handler = esHandler(
  () => getServices().authenticator,
  async ({ pathParameters, authentication }) => ({
    body: await getServices().usagePlans.usage(authentication, parseApiKeyUsage(pathParameters)),
  }),
);
