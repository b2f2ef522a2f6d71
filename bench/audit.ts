import { closeSync, openSync, writeSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DEFAULT_AUDIT_EVENTS } from '../functions/core/audit/audit-events.js';
import { AuditTrail } from '../functions/core/audit/audit-trail.js';
import type { TableNames } from '../infra/local/ensure-tables.js';
import { benchEnv, elastic } from './environment.js';
import { interleaved, ms, type Row } from './measure.js';

const CONTEXT = {
  awsRequestId: 'bench-invocation',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/**
 * `GET /_security/_authenticate` through the real REST handler with a warm API key, with ES's
 * default audit events on (one line per such request: access_granted) against the audit log off.
 * The lines go to /dev/null with one write each, as they go to stdout on Lambda.
 */
export async function auditRows(endpoint: string, tables: TableNames): Promise<Row[]> {
  Object.assign(process.env, benchEnv(endpoint, tables));
  const { getServices } = await import('../functions/container.js');
  const { handler } = await import('../functions/handlers/authenticate.js');
  const instance = getServices();
  const key = await instance.apiKeys.create(await elastic(instance), { name: 'audit-bench' });
  const event = {
    httpMethod: 'GET',
    path: '/_security/_authenticate',
    resource: '/_security/_authenticate',
    headers: { Authorization: `ApiKey ${key.encoded}` },
    multiValueHeaders: { Authorization: [`ApiKey ${key.encoded}`] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'bench-request', identity: { sourceIp: '127.0.0.1' } },
  } as unknown as APIGatewayProxyEvent;
  const devNull = openSync('/dev/null', 'w');
  let written = 0;
  const on = new AuditTrail(new Set(DEFAULT_AUDIT_EVENTS), (line) => {
    written += writeSync(devNull, `${line}\n`);
  });
  const off = new AuditTrail(new Set());
  const request = (trail: AuditTrail) => async () => {
    instance.audit = trail;
    const response = (await handler(event, CONTEXT)) as APIGatewayProxyResult;
    if (response.statusCode !== 200) {
      throw new Error(`_authenticate answered ${response.statusCode}`);
    }
  };
  const result = await interleaved(2000, request(on), request(off));
  closeSync(devNull);
  if (written === 0) {
    throw new Error('the audit log wrote nothing');
  }
  return [
    {
      section: 'audit',
      metric: '_authenticate handler, warm key, audit log on (ES default events)',
      value: ms(result.a),
      baseline: `${ms(result.b)} audit log off`,
      ratio: result.a / result.b,
      target: '<= 1.05',
    },
  ];
}
