import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const SERVERLESS_YML = new URL('../../serverless.yml', import.meta.url);

/** AWS's own bodies for an HTTP API authorizer's refusals: HTTP APIs have no gateway responses. */
export const HTTP_API_REFUSALS: Readonly<Record<number, { message: string }>> = {
  401: { message: 'Unauthorized' },
  403: { message: 'Forbidden' },
};

function httpApiPath(event: unknown): string[] {
  if (typeof event !== 'object' || event === null || !('httpApi' in event)) {
    return [];
  }
  const { httpApi } = event;
  return typeof httpApi === 'object' && httpApi !== null && 'path' in httpApi
    ? [String(httpApi.path)]
    : [];
}

/** The path templates of serverless.yml's `httpApi` events, the example's included. */
export function readHttpApiRoutes(file: URL = SERVERLESS_YML): string[] {
  const document = parse(readFileSync(file, 'utf8')) as {
    functions?: Record<string, { events?: unknown }>;
    custom?: { exampleEvents?: { true?: unknown } };
  };
  const lists = [
    ...Object.values(document.functions ?? {}).map((definition) => definition?.events),
    document.custom?.exampleEvents?.true,
  ];
  return lists.flatMap((events) => (Array.isArray(events) ? events.flatMap(httpApiPath) : []));
}

/** Whether a request path falls under a route template: `{name}` is one segment, `{name+}` the rest. */
export function matchesRoute(template: string, path: string): boolean {
  const want = template.split('/');
  const have = (path.split('?')[0] ?? '').split('/');
  for (const [index, segment] of want.entries()) {
    if (/^\{[^}]+\+\}$/.test(segment)) {
      return have.length > index && have.slice(index).join('/') !== '';
    }
    const given = have[index];
    if (given === undefined || (/^\{[^}]+\}$/.test(segment) ? given === '' : given !== segment)) {
      return false;
    }
  }
  return have.length === want.length;
}
