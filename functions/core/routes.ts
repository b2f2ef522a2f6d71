/** Elasticsearch's RestRequest.Method order, in which it lists allowed methods. */
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'];

export interface FallbackResponse {
  status: number;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}

/** The methods of a known resource in ES's order; OPTIONS is always answered, so not listed. */
export function orderedMethods(methods: Iterable<string>): string[] {
  const set = new Set([...methods].map((method) => method.toUpperCase()));
  return METHOD_ORDER.filter((method) => set.has(method));
}

/**
 * RestController's answer for a request no handler takes: OPTIONS gets 200 and `Allow`, a known
 * path with another method 405 (`{"error": ..., "status": 405}` and `Allow`), anything else 400
 * `{"error": "no handler found ..."}` (which, in ES, carries no `status`).
 */
export function fallbackResponse(
  method: string,
  uri: string,
  allowed: readonly string[],
): FallbackResponse {
  const methods = orderedMethods(allowed);
  const allow: Record<string, string> =
    methods.length > 0 ? { allow: methods.join(',') } : ({} as Record<string, string>);
  if (method === 'OPTIONS') {
    return { status: 200, body: undefined, headers: allow };
  }
  if (methods.length > 0) {
    return {
      status: 405,
      body: {
        error: `Incorrect HTTP method for uri [${uri}] and method [${method}], allowed: [${methods.join(', ')}]`,
        status: 405,
      },
      headers: allow,
    };
  }
  return {
    status: 400,
    body: { error: `no handler found for uri [${uri}] and method [${method}]` },
    headers: {},
  };
}
