import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** One HTTP event of serverless.yml. */
export interface Route {
  method: string;
  /** API Gateway's path template, e.g. `/_security/user/{username}`. */
  path: string;
  /** Elasticsearch's API (every error ES-shaped) rather than the example API behind the authorizer. */
  es: boolean;
}

const SERVERLESS_YML = fileURLToPath(new URL('../../serverless.yml', import.meta.url));

interface HttpEvent {
  http?: { method?: unknown; path?: unknown };
}

/** Every route serverless.yml declares, so the fuzz follows the API as it grows. */
export function readRoutes(file = SERVERLESS_YML): Route[] {
  const document = parse(readFileSync(file, 'utf8'), { logLevel: 'error' }) as {
    functions?: Record<string, { events?: HttpEvent[] }>;
  };
  const routes: Route[] = [];
  for (const definition of Object.values(document.functions ?? {})) {
    for (const event of definition.events ?? []) {
      const { method, path } = event.http ?? {};
      if (typeof method === 'string' && typeof path === 'string') {
        routes.push({ method: method.toUpperCase(), path, es: path.startsWith('/_security') });
      }
    }
  }
  return routes;
}
