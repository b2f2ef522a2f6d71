import type { Client } from '@elastic/elasticsearch';
import { parseCommandLine } from './command-line.js';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  describeFailure,
  type Terminal,
} from './connection.js';
import { type CreateResponse, describeCreated } from './create-api-key.js';
import { EXIT, type ExitCode, usageError } from './exit-codes.js';
import { jsonObjectArgument } from './json-argument.js';
import { expiresPhrase, relativeDuration, table } from './output.js';
import { confirm } from './prompt.js';

const HELP = `Usage: elasticsearch-api-keys COMMAND [options]

Commands:
  list                       keys as a table: id, name, owner, created, expires, status
      --name PATTERN         only keys whose name matches (exact, or with * wildcards)
      --owner USERNAME       only keys owned by this user
      --active               only keys neither expired nor invalidated
      --query JSON           a query DSL object (as _security/_query/api_key takes it)
      --size N               at most N keys with --query (default 100)
  get ID                     one key's details
  invalidate ID...           invalidate keys by id (asks first on a terminal unless --yes)
      --name PATTERN         ... or every key with this name
      --owner USERNAME       ... or every key of this user
      --yes                  do not ask
  update ID                  change a key you own
      --metadata JSON        replace its metadata
      --expiration DURATION  set a new expiration, e.g. 30d
  usage ID                   a key's usage plan and its usage this quota period (extension)
  rotate ID                  a successor key with the same name, roles and metadata (its secret is
                             shown once); the old key expires after the overlap
      --overlap DURATION     how long the old key keeps working (default 1h; 0 ends it now)
      --expiration DURATION  the new key's lifetime (default: the old key's)
  disable ID                 switch a key off: it is refused until enabled again
  enable ID                  switch a disabled key back on
  whoami                     who the credentials authenticate as
  roles                      the stored roles

rotate, disable and enable use this service's extensions (/_es_api_keys/), not in Elasticsearch.
Every command takes --json to print the service's JSON response instead of text.

${CONNECTION_HELP}

Examples:
  elasticsearch-api-keys list --active
  elasticsearch-api-keys list --query '{"range":{"expiration":{"lte":"now+7d"}}}'
  elasticsearch-api-keys invalidate --name 'ci-*' --yes
  elasticsearch-api-keys rotate my_app_id --overlap 15m
  ELASTIC_API_KEY=... elasticsearch-api-keys whoami

Exit codes: 0 ok, 64 usage, 69 not found, 77 authentication or authorization failed,
1 anything else.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  name: { type: 'string' },
  owner: { type: 'string' },
  active: { type: 'boolean' },
  query: { type: 'string' },
  size: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  metadata: { type: 'string' },
  expiration: { type: 'string' },
  overlap: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseOptions>['values'];
type Io = Terminal & { stdout: NodeJS.WriteStream };

interface ApiKeyInfo {
  id: string;
  name: string | null;
  username: string;
  realm: string;
  creation: number;
  expiration?: number;
  invalidated: boolean;
  /** The disable extension's field: present only on a disabled key. */
  disabled?: boolean;
  metadata?: unknown;
  role_descriptors?: unknown;
}

export async function run(argv: string[], io: Io = process): Promise<ExitCode> {
  let url: string | undefined;
  try {
    const { values, positionals } = parseOptions(argv);
    const [command, ...args] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.stdout.write(`${HELP}\n`);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    const action = COMMANDS[command];
    if (action === undefined) {
      throw usageError(`unknown command [${command}] (see --help)`);
    }
    url = values.url;
    const client = await connect(values, io);
    try {
      const result = await action(client, args, values, io);
      io.stdout.write(values.json ? `${JSON.stringify(result.json)}\n` : result.text);
      return EXIT.ok;
    } finally {
      await client.close();
    }
  } catch (error) {
    const failure = describeFailure(error, url);
    io.stderr.write(`elasticsearch-api-keys: ${failure.message}\n`);
    return failure.exitCode;
  }
}

function parseOptions(argv: string[]) {
  return parseCommandLine({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

interface Result {
  json: unknown;
  text: string;
}

type Command = (client: Client, args: string[], values: Values, io: Io) => Promise<Result>;

const COMMANDS: Record<string, Command> = {
  list: async (client, args, values) => {
    noArguments('list', args);
    const now = Date.now();
    let keys: ApiKeyInfo[];
    let json: unknown;
    if (values.query !== undefined) {
      const size = values.size === undefined ? 100 : Number(values.size);
      if (!Number.isInteger(size) || size < 0) {
        throw usageError(`--size: [${values.size}] is not a whole number`);
      }
      json = await client.security.queryApiKeys({
        query: await jsonObjectArgument('--query', values.query),
        size,
        sort: [{ creation: { order: 'desc' } }],
      });
      keys = (json as { api_keys: ApiKeyInfo[] }).api_keys;
    } else {
      json = await client.security.getApiKey({
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(values.owner === undefined ? {} : { username: values.owner }),
        ...(values.active ? { active_only: true } : {}),
      });
      keys = (json as { api_keys: ApiKeyInfo[] }).api_keys;
    }
    const rows = keys.map((key) => [
      key.id,
      key.name ?? '',
      `${key.username} (${key.realm})`,
      `${relativeDuration(now - key.creation)} ago`,
      key.expiration === undefined ? 'never' : expiresPhrase(key.expiration, now),
      status(key, now),
    ]);
    return {
      json,
      text:
        rows.length === 0
          ? 'no API keys\n'
          : table(['ID', 'NAME', 'OWNER', 'CREATED', 'EXPIRES', 'STATUS'], rows),
    };
  },

  get: async (client, args) => {
    const id = oneArgument('get', args, 'ID');
    const json = await client.security.getApiKey({ id });
    const key = (json as { api_keys: ApiKeyInfo[] }).api_keys[0];
    if (key === undefined) {
      return { json, text: `no API key [${id}]\n` };
    }
    const now = Date.now();
    const lines = [
      `id:          ${key.id}`,
      `name:        ${key.name ?? ''}`,
      `owner:       ${key.username} (${key.realm})`,
      `created:     ${new Date(key.creation).toISOString()} (${relativeDuration(now - key.creation)} ago)`,
      `expires:     ${key.expiration === undefined ? 'never' : expiresPhrase(key.expiration, now)}`,
      `status:      ${status(key, now)}`,
      `metadata:    ${JSON.stringify(key.metadata ?? {})}`,
      `roles:       ${JSON.stringify(key.role_descriptors ?? {})}`,
    ];
    return { json, text: `${lines.join('\n')}\n` };
  },

  invalidate: async (client, args, values, io) => {
    const selectors = [args.length > 0, values.name !== undefined, values.owner !== undefined];
    if (selectors.filter(Boolean).length !== 1) {
      throw usageError('invalidate takes ids, or --name, or --owner (exactly one of them)');
    }
    const target =
      args.length > 0
        ? `${args.length} key(s): ${args.join(', ')}`
        : values.name !== undefined
          ? `every key named [${values.name}]`
          : `every key of user [${values.owner}]`;
    if (!values.yes && io.stdin.isTTY) {
      if (!(await confirm(`Invalidate ${target}?`, io.stdin, io.stderr))) {
        throw usageError('not confirmed: nothing invalidated');
      }
    }
    const json = await client.security.invalidateApiKey(
      args.length > 0
        ? { ids: args }
        : values.name !== undefined
          ? { name: values.name }
          : { username: values.owner ?? '' },
    );
    const lines = [
      `invalidated: ${json.invalidated_api_keys.length}${json.invalidated_api_keys.length > 0 ? ` (${json.invalidated_api_keys.join(', ')})` : ''}`,
      `already invalidated: ${json.previously_invalidated_api_keys.length}`,
      ...(json.error_count > 0
        ? [`errors: ${json.error_count}`, ...(json.error_details ?? []).map((e) => `  ${e.reason}`)]
        : []),
    ];
    return { json, text: `${lines.join('\n')}\n` };
  },

  update: async (client, args, values) => {
    const id = oneArgument('update', args, 'ID');
    if (values.metadata === undefined && values.expiration === undefined) {
      throw usageError('update needs --metadata and/or --expiration');
    }
    const json = await client.security.updateApiKey({
      id,
      ...(values.metadata === undefined
        ? {}
        : { metadata: await jsonObjectArgument('--metadata', values.metadata) }),
      ...(values.expiration === undefined ? {} : { expiration: values.expiration }),
    });
    return {
      json,
      text: json.updated ? `updated ${id}\n` : `${id} unchanged (nothing to change)\n`,
    };
  },

  rotate: async (client, args, values) => {
    const id = oneArgument('rotate', args, 'ID');
    const json = (await client.transport.request({
      method: 'POST',
      path: `/_es_api_keys/api_key/${encodeURIComponent(id)}/_rotate`,
      body: {
        ...(values.overlap === undefined ? {} : { overlap: values.overlap }),
        ...(values.expiration === undefined ? {} : { expiration: values.expiration }),
      },
    })) as CreateResponse & { rotated_from: string; rotated_from_expiration: number };
    return {
      json,
      text: describeCreated(json, [
        `replaces: ${json.rotated_from}, which now expires ${expiresPhrase(json.rotated_from_expiration, Date.now())}`,
      ]),
    };
  },

  disable: (client, args) => switchKey(client, 'disable', args),

  enable: (client, args) => switchKey(client, 'enable', args),

  whoami: async (client, args) => {
    noArguments('whoami', args);
    const json = await client.security.authenticate();
    const lines = [
      `username:  ${json.username}`,
      `realm:     ${json.authentication_realm.name} (${json.authentication_realm.type})`,
      `roles:     ${json.roles.join(', ') || '(none)'}`,
      `via:       ${json.authentication_type}`,
      ...(json.api_key === undefined
        ? []
        : [`api key:   ${json.api_key.id}${json.api_key.name ? ` (${json.api_key.name})` : ''}`]),
    ];
    return { json, text: `${lines.join('\n')}\n` };
  },

  roles: async (client, args) => {
    noArguments('roles', args);
    const json = await client.security.getRole();
    const rows = Object.entries(json).map(([name, role]) => [
      name,
      (role.cluster ?? []).join(',') || '-',
      String((role.indices ?? []).length),
      String((role.applications ?? []).length),
    ]);
    return {
      json,
      text:
        rows.length === 0
          ? 'no roles\n'
          : table(['ROLE', 'CLUSTER', 'INDEX ENTRIES', 'APPLICATION ENTRIES'], rows),
    };
  },
};

// Extension: usage plans (GET /_es_api_keys/api_key/{id}/_usage).
interface ApiKeyUsage {
  id: string;
  usage_plan: string | null;
  throttle?: { rate_limit: number; burst_limit: number };
  quota?: { limit: number; period: string };
  metered: boolean;
  used?: number;
  remaining?: number;
  reason?: string;
}

COMMANDS['usage'] = async (client, args) => {
  const id = oneArgument('usage', args, 'ID');
  const json = (await client.transport.request({
    method: 'GET',
    path: `/_es_api_keys/api_key/${encodeURIComponent(id)}/_usage`,
  })) as ApiKeyUsage;
  const lines = [
    `id:          ${json.id}`,
    `usage plan:  ${json.usage_plan ?? 'none'}`,
    ...(json.throttle === undefined
      ? []
      : [`throttle:    ${json.throttle.rate_limit}/s, burst ${json.throttle.burst_limit}`]),
    ...(json.quota === undefined
      ? []
      : [`quota:       ${json.quota.limit} per ${json.quota.period}`]),
    json.metered
      ? `used:        ${json.used} (${json.remaining} remaining)`
      : `used:        not metered: ${json.reason}`,
  ];
  return { json, text: `${lines.join('\n')}\n` };
};
async function switchKey(
  client: Client,
  action: 'disable' | 'enable',
  args: string[],
): Promise<Result> {
  const id = oneArgument(action, args, 'ID');
  const json = (await client.transport.request({
    method: 'POST',
    path: `/_es_api_keys/api_key/${encodeURIComponent(id)}/_${action}`,
  })) as { updated: boolean; error_details?: Array<{ reason: string }> };
  const lines = [
    json.updated ? `${action}d ${id}` : `${id} was already ${action}d`,
    ...(json.error_details ?? []).map((detail) => `warning: ${detail.reason}`),
  ];
  return { json, text: `${lines.join('\n')}\n` };
}

function status(key: ApiKeyInfo, now: number): string {
  if (key.invalidated) {
    return 'invalidated';
  }
  if (key.disabled) {
    return 'disabled';
  }
  return key.expiration !== undefined && key.expiration <= now ? 'expired' : 'active';
}

function noArguments(command: string, args: string[]): void {
  if (args.length > 0) {
    throw usageError(`${command} takes no arguments, got [${args.join(' ')}]`);
  }
}

function oneArgument(command: string, args: string[], what: string): string {
  const [first, ...rest] = args;
  if (first === undefined || rest.length > 0) {
    throw usageError(`${command} takes one ${what}`);
  }
  return first;
}
