// Derives the route fallback from serverless.yml's own http events, so no second list exists:
//   fallbackEvents: `ANY` on every resource (and parent resource) that has no `ANY` yet, plus
//     `ANY /{proxy+}`; API Gateway lets a resource's declared methods win over its `ANY`.
//   routeMethods: JSON `{"<resource path>": ["GET", ...]}` for the fallback's 405 and `Allow`.
// serverless.yml reads it with ${file(infra/routes.cjs):...}; the local tooling requires it too.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('yaml');

const CATCH_ALL = '/{proxy+}';

/** The http events of serverless.yml: each function's, plus the example's when they are on. */
function declaredRoutes(exampleRoutes = true, file = join(__dirname, '..', 'serverless.yml')) {
  const document = parse(readFileSync(file, 'utf8'));
  const methods = new Map();
  const anyPaths = new Set();
  const eventLists = Object.values(document.functions ?? {}).map((definition) =>
    Array.isArray(definition?.events) ? definition.events : [],
  );
  if (exampleRoutes) {
    eventLists.push(document.custom?.exampleEvents?.true ?? []);
  }
  for (const events of eventLists) {
    for (const event of events) {
      const http = event?.http;
      if (typeof http !== 'object' || http === null || typeof http.path !== 'string') {
        continue;
      }
      const path = `/${http.path.replace(/^\/+/, '')}`;
      const method = String(http.method).toUpperCase();
      if (method === 'ANY') {
        anyPaths.add(path);
        continue;
      }
      if (!methods.has(path)) {
        methods.set(path, new Set());
      }
      methods.get(path).add(method);
    }
  }
  return { methods, anyPaths };
}

function parents(path) {
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.map((_, index) => `/${segments.slice(0, index + 1).join('/')}`);
}

function fallbackEvents(routes = declaredRoutes()) {
  const paths = new Set([CATCH_ALL]);
  for (const path of [...routes.methods.keys(), ...routes.anyPaths]) {
    for (const resource of parents(path)) {
      paths.add(resource);
    }
  }
  return [...paths]
    .filter((path) => !routes.anyPaths.has(path))
    .sort()
    .map((path) => ({ http: { method: 'any', path } }));
}

function routeMethods(routes = declaredRoutes()) {
  const table = {};
  for (const [path, methods] of [...routes.methods].sort(([a], [b]) => (a < b ? -1 : 1))) {
    table[path] = [...methods].sort();
  }
  return JSON.stringify(table);
}

/** custom.exampleRoutes, as serverless resolved it (unit tests: on, as locally). */
async function examplesOn(resolveVariable) {
  if (resolveVariable === undefined) {
    return true;
  }
  return String(await resolveVariable('self:custom.exampleRoutes')) === 'true';
}

module.exports = {
  declaredRoutes,
  fallbackEvents: async ({ resolveVariable } = {}) =>
    fallbackEvents(declaredRoutes(await examplesOn(resolveVariable))),
  routeMethods: async ({ resolveVariable } = {}) =>
    routeMethods(declaredRoutes(await examplesOn(resolveVariable))),
};
