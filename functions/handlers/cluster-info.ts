import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { getServices } from '../container.js';
import { clusterInfo, MAIN_ACTION } from '../core/cluster.js';
import { requireAction } from '../core/security/privileges.js';
import { esHandler } from '../http/es-handler.js';
import { DynamoClusterStore } from '../store/cluster-store.js';
import { createDocumentClient } from '../store/dynamo-client.js';
import { routeFallback } from './no-handler.js';

/** The methods ES registers for `/` (RestMainAction). */
const ROOT_METHODS = ['GET', 'HEAD'];

let clusterStore: DynamoClusterStore | undefined;

function store(): DynamoClusterStore {
  const { config } = getServices();
  clusterStore ??= new DynamoClusterStore(
    createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
    config.clusterTable,
  );
  return clusterStore;
}

const info = esHandler(
  () => getServices().authenticator,
  async ({ authentication }) => {
    requireAction(authentication, MAIN_ACTION);
    const { config } = getServices();
    return {
      body: clusterInfo({
        nodeName: config.nodeName ?? config.clusterName,
        clusterName: config.clusterName,
        clusterUuid: await store().clusterUuid(),
        esVersion: config.esVersion,
      }),
    };
  },
);

/** info: `GET /` and `HEAD /`; any other method on `/` is ES's 405. */
export async function handler(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  if (ROOT_METHODS.includes(event.httpMethod.toUpperCase())) {
    return info(event, context);
  }
  return routeFallback(event, context, ROOT_METHODS);
}
