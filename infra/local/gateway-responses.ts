import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One `AWS::ApiGateway::GatewayResponse` of infra/gateway-responses.yml, ready to serve locally. */
export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  /** The application/json template; `$context.httpMethod` and `$context.path` are filled in. */
  template: string;
}

const GATEWAY_RESPONSES_YML = new URL('../gateway-responses.yml', import.meta.url);
const HEADER_PARAMETER = 'gatewayresponse.header.';

/** The gateway responses AWS serves, by ResponseType (UNAUTHORIZED, ACCESS_DENIED, …). */
export function readGatewayResponses(): Map<string, GatewayResponse> {
  const document: unknown = parse(readFileSync(GATEWAY_RESPONSES_YML, 'utf8'));
  const responses = new Map<string, GatewayResponse>();
  for (const resource of Object.values(mapping(document, 'Resources'))) {
    if (mapping(resource)['Type'] !== 'AWS::ApiGateway::GatewayResponse') {
      continue;
    }
    const properties = mapping(resource, 'Properties');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(mapping(properties, 'ResponseParameters'))) {
      // Static values are quoted VTL literals: "'ApiKey'".
      if (name.startsWith(HEADER_PARAMETER) && typeof value === 'string') {
        headers[name.slice(HEADER_PARAMETER.length).toLowerCase()] = value.replace(/^'|'$/g, '');
      }
    }
    responses.set(String(properties['ResponseType']), {
      status: Number(properties['StatusCode']),
      headers,
      template: String(mapping(properties, 'ResponseTemplates')['application/json'] ?? ''),
    });
  }
  return responses;
}

/** The body API Gateway renders from a template, for the `$context` variables ours use. */
export function renderTemplate(template: string, method: string, path: string): string {
  // A quote or backslash in the path would otherwise break the JSON, as it would not on AWS.
  const safe = (text: string): string => JSON.stringify(text).slice(1, -1);
  return template
    .replaceAll('$context.httpMethod', safe(method))
    .replaceAll('$context.path', safe(path));
}

/** The mapping at `name` of `value` (or `value` itself), empty when absent. */
function mapping(value: unknown, name?: string): Record<string, unknown> {
  const inner = name === undefined ? value : mapping(value)[name];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    return {};
  }
  return Object.fromEntries(Object.entries(inner));
}
