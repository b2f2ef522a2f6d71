import fc from 'fast-check';
import type { Route } from './routes.js';

/** One generated HTTP request; headers as raw pairs, so a name may repeat. */
export interface FuzzRequest {
  method: string;
  /** Path and query string, already encoded as sent. */
  target: string;
  headers: Array<[string, string]>;
  body?: Buffer;
}

/** Working credentials, so bodies get past authentication and reach the parsers. */
export interface Credentials {
  /** `Basic ...` of a superuser made for the fuzz (never `elastic`, whose keys other tests use). */
  superuser: string;
  /** `ApiKey ...` of a key owned by that superuser. */
  apiKey: string;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Strings hostile to parsers and stores: long, unicode, JSON-ish, prototype names, control characters. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '*',
    '_all',
    '.',
    '..',
    '%',
    '%00',
    'null',
    'true',
    '-1',
    '1e400',
    '12345678901234567890',
    '999999999999999d',
    '100000000d',
    '1d',
    'now-1d/d',
    '\u0000',
    '\ud800',
    '\u202e',
    'a,b,c',
    '<script>',
    '$' + '{jndi:x}',
  ),
  fc.integer({ min: 1, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** A value for a path parameter: mostly plausible names, sometimes hostile ones. */
const pathParameter: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('fuzz-user', 'fuzz-role', 'fuzz-key', 'a,b', '_all') },
  // Dot segments are resolved by HTTP clients and gateways before any route matches.
  { weight: 2, arbitrary: nastyString.filter((value) => value !== '.' && value !== '..') },
);

/** Percent-encodes the UTF-8 bytes of any string (a lone surrogate included, which encodeURIComponent refuses). */
function encode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function fillPath(template: string, values: string[], proxy: string[]): string {
  let i = 0;
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if (name.endsWith('+')) {
      return proxy.map(encode).join('/');
    }
    const value = values[i] ?? 'x';
    i += 1;
    return encode(value);
  });
}

const QUERY_PARAMS = [
  'refresh',
  'with_limited_by',
  'with_profile_uid',
  'typed_keys',
  'owner',
  'id',
  'name',
  'username',
  'realm_name',
  'active_only',
  'pretty',
  'human',
  'error_trace',
  'filter_path',
  'format',
];

const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_PARAMS) }, nastyString),
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('true', 'false', '', 'wait_for', 'fuzz-*') },
        nastyString,
      ),
    ),
    { maxLength: 3 },
  )
  .chain((pairs) =>
    fc.oneof(
      {
        weight: 9,
        arbitrary: fc.constant(pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%zz', '=', '&&', 'a=%E0%A4%A', 'refresh&refresh=true'),
      },
    ),
  );

/** JSON text the generator writes itself: deep, big, duplicated, or broken. */
const rawJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 50_000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc
    .integer({ min: 1, max: 3_000 })
    .map((n) => `{"metadata":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  fc
    .integer({ min: 1, max: 8_000 })
    .map((n) => `{"query":${'{"bool":{"must":['.repeat(n)}{"match_all":{}}${']}}'.repeat(n)}}`),
  fc.constantFrom(
    '{"metadata":{"n":12345678901234567890,"m":1e20,"o":1e400,"p":-1e-400}}',
    '{"name":"fuzz-key","metadata":{"constructor":{"__proto__":{"x":1}}}}',
    '{"name":"fuzz-key","expiration":"999999999999999d"}',
    '{"name":"fuzz-key","expiration":"100000000d"}',
    '{"name":"a","name":"b"}',
    '{"ids":["x"],"ids":[]}',
    '{"query":{"simple_query_string":{"query":"x","fields":["***********************x"]}}}',
    '{"aggs":{"r":{"range":{"field":"creation","ranges":[]}}}}',
    '{"sort":[{"expiration":{"format":"bogus"}}]}',
    '{"size":1e400}',
    '{"from":-1}',
    '{',
    '}',
    '[]',
    'null',
    '"x"',
    '1',
    '',
    '{"a":1}garbage',
    '{"a":"\\ud800"}',
  ),
);

/** Structured bodies that resemble real requests, so they get past the first checks. */
const plausibleBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      name: nastyString.map((name) => `fuzz-${name}`),
      expiration: fc.oneof(nastyString, fc.constantFrom('1d', '1h', '30m')),
      metadata: fc.jsonValue({ maxDepth: 4 }),
      role_descriptors: fc.dictionary(
        nastyString,
        fc.record({
          cluster: fc.array(fc.constantFrom('all', 'monitor', 'manage_own_api_key', 'x')),
          indices: fc.array(
            fc.record({ names: fc.array(nastyString), privileges: fc.array(nastyString) }),
          ),
          applications: fc.array(
            fc.record({
              application: nastyString,
              privileges: fc.array(nastyString),
              resources: fc.array(nastyString),
            }),
          ),
        }),
        { maxKeys: 2 },
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      query: fc.oneof(
        fc.jsonValue({ maxDepth: 4 }),
        fc.record({ term: fc.dictionary(nastyString, nastyString, { maxKeys: 1 }) }),
        fc.record({
          simple_query_string: fc.record({ query: nastyString, fields: fc.array(nastyString) }),
        }),
      ),
      sort: fc.array(fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 }))),
      aggs: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 2 }),
      from: fc.oneof(fc.integer(), nastyString),
      size: fc.oneof(fc.integer(), nastyString),
      search_after: fc.array(fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  ),
  // Invalidation narrowed to the fuzz's own names: the stack is shared with other tests.
  fc.record(
    {
      ids: fc.array(nastyString),
      name: nastyString.map((name) => `fuzz-${name}`),
      owner: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      password: nastyString,
      roles: fc.array(nastyString),
      full_name: nastyString,
      email: nastyString,
      metadata: fc.jsonValue({ maxDepth: 4 }),
      enabled: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      cluster: fc.array(nastyString),
      index: fc.array(fc.jsonValue({ maxDepth: 2 })),
      application: fc.array(fc.jsonValue({ maxDepth: 2 })),
      metadata: fc.jsonValue({ maxDepth: 4 }),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 6 }),
);

const body: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 5,
    arbitrary: plausibleBody.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  },
  { weight: 2, arbitrary: rawJsonText.map((text) => Buffer.from(text)) },
  // Bytes that are not UTF-8 at all, and JSON around an invalid sequence.
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(
        Buffer.concat([
          Buffer.from('{"name":"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}'),
        ]),
      ),
    ),
  },
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=UTF-8',
  'application/vnd.elasticsearch+json; compatible-with=8',
  'application/x-ndjson',
  'application/yaml',
  'application/cbor',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '*/*',
  'garbage',
  '',
];

function authorization(credentials: Credentials): fc.Arbitrary<string[]> {
  return fc.oneof<Array<fc.WeightedArbitrary<string[]>>>(
    { weight: 6, arbitrary: fc.constant([credentials.superuser]) },
    { weight: 3, arbitrary: fc.constant([credentials.apiKey]) },
    { weight: 1, arbitrary: fc.constant([]) },
    {
      weight: 2,
      arbitrary: fc.oneof<Array<fc.Arbitrary<string[]>>>(
        fc.constant([credentials.superuser, credentials.apiKey]),
        fc.constant([credentials.superuser, credentials.superuser]),
        nastyString.map((password) => [basic('elastic', password)]),
        nastyString.map((user) => [basic(user, 'x')]),
        nastyString.map((text) => [`Basic ${text}`]),
        nastyString.map((text) => [`ApiKey ${Buffer.from(text).toString('base64')}`]),
        nastyString.map((text) => [`ApiKey ${text}`]),
        nastyString.map((text) => [`Bearer ${text}`]),
        fc.constantFrom<string[]>(['Basic'], ['ApiKey'], ['basic '], ['Digest x'], ['']),
      ),
    },
  );
}

/** Header values Node's HTTP client refuses to send: the fuzz cannot test these through it. */
function sendable(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

/** A request to one of serverless.yml's routes, with hostile parameters, headers and body. */
export function requestArbitrary(
  routes: readonly Route[],
  credentials: Credentials,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      anyMethod: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      parameters: fc.array(pathParameter, { minLength: 2, maxLength: 2 }),
      proxy: fc.array(fc.oneof(fc.constantFrom('anything', 'a', '_security'), nastyString), {
        minLength: 1,
        maxLength: 3,
      }),
      query: queryString,
      authorization: authorization(credentials),
      contentTypes: fc.oneof<Array<fc.WeightedArbitrary<string[]>>>(
        { weight: 6, arbitrary: fc.constant(['application/json']) },
        { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES).map((type) => [type]) },
        { weight: 1, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.constant(['application/json', 'text/plain']) },
      ),
      extraHeaders: fc.array(
        fc.tuple(
          fc.constantFrom(
            'accept',
            'x-opaque-id',
            'content-encoding',
            'x-elastic-product-origin',
            'es-security-runas-user',
          ),
          nastyString,
        ),
        { maxLength: 2 },
      ),
      body,
    })
    .map(
      ({
        route,
        anyMethod,
        parameters,
        proxy,
        query,
        authorization,
        contentTypes,
        extraHeaders,
        body,
      }) => {
        const method = route.method === 'ANY' ? anyMethod : route.method;
        const path = fillPath(route.path, parameters, proxy);
        const headers: Array<[string, string]> = [
          ...authorization.map((value): [string, string] => ['authorization', sendable(value)]),
          ...(body === undefined
            ? []
            : contentTypes.map((type): [string, string] => ['content-type', type])),
          ...extraHeaders.map(([name, value]): [string, string] => [name, sendable(value)]),
        ];
        return {
          method,
          target: query === '' ? path : `${path}?${query}`,
          headers,
          ...(body === undefined ? {} : { body }),
        };
      },
    );
}

/** A request as a shell command, to reproduce a failure by hand. */
export function reproduction(baseUrl: string, request: FuzzRequest): string {
  const quote = (text: string): string => {
    // A long run of one character (the generator's `x` × N) is written as a shell expansion.
    const run = /(.)\1{63,}/.exec(text);
    if (run) {
      const [all, char] = run as unknown as [string, string];
      const expansion = `$(printf '%.0s${char === "'" ? '' : char}' $(seq ${all.length}))`;
      const [before, after] = [text.slice(0, run.index), text.slice(run.index + all.length)];
      return `${quote(before)}"${expansion}"${quote(after)}`;
    }
    return `'${text.replace(/'/g, `'\\''`)}'`;
  };
  const headers = request.headers.map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`);
  const shown =
    request.body === undefined
      ? []
      : request.body.length > 400
        ? [
            `--data-binary <${request.body.length} bytes starting ${quote(request.body.subarray(0, 120).toString('latin1'))}>`,
          ]
        : [
            `--data-binary $'${[...request.body].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')}'`,
          ];
  return [
    'curl',
    '-X',
    request.method,
    ...headers,
    ...shown,
    quote(`${baseUrl}${request.target}`),
  ].join(' ');
}
