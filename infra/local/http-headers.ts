/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, and RFC 2616's proxy-authenticate and proxy-authorization):
 * they describe one connection, so a proxy never passes them on.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);

/**
 * Headers to send to the next hop: every value of each (pass a request's `headersDistinct`: its
 * `headers` drops a repeated Authorization, which the service must see to refuse it), less the
 * hop-by-hop ones and those the proxy sets itself.
 */
export function forwardableHeaders(
  headers: NodeJS.Dict<string | string[]>,
  setByProxy: ReadonlySet<string>,
): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !setByProxy.has(name)) {
      kept[name] = value;
    }
  }
  return kept;
}
