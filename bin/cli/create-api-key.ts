import type { Client } from '@elastic/elasticsearch';
import { parseCommandLine } from './command-line.js';
import {
  CONNECTION_HELP,
  CONNECTION_OPTIONS,
  connect,
  describeFailure,
  type Terminal,
} from './connection.js';
import { CliError, EXIT, type ExitCode, usageError } from './exit-codes.js';
import { jsonObjectArgument } from './json-argument.js';
import { expiresPhrase } from './output.js';

const HELP = `Usage: elasticsearch-create-api-key --name NAME [options]

Creates an API key and prints its id and secret. Treat the key like a password: it is shown once.

Key:
  --name NAME               the key's name (required)
  --role ROLE               a stored role whose privileges the key gets; repeat for several
  --role-descriptors JSON   role descriptors as JSON, or @file to read them from a file
  --expiration DURATION     e.g. 1d, 12h, 90m (default: never expires)
  --id ID                   choose the key's id: 1-64 of A-Z a-z 0-9 _ - (default: generated)
  --metadata JSON           a JSON object stored with the key
  --json                    print the create response as JSON, for scripts

${CONNECTION_HELP}

Examples:
  elasticsearch-create-api-key --name my_app_key --role reader --expiration 1d --id my_app_id
  elasticsearch-create-api-key --name ci --role-descriptors @roles.json --json | jq -r .encoded

Exit codes: 0 ok, 64 usage, 69 not found (e.g. an unknown role), 77 authentication or
authorization failed, 1 anything else.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  name: { type: 'string' },
  role: { type: 'string', multiple: true },
  'role-descriptors': { type: 'string' },
  expiration: { type: 'string' },
  id: { type: 'string' },
  metadata: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CreateResponse {
  id: string;
  name: string;
  api_key: string;
  encoded: string;
  expiration?: number;
}

export async function run(
  argv: string[],
  terminal: Terminal & { stdout: NodeJS.WriteStream } = process,
): Promise<ExitCode> {
  let url: string | undefined;
  try {
    const { values } = parseOptions(argv);
    if (values.help) {
      terminal.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    if (values.name === undefined || values.name === '') {
      throw usageError('--name is required (see --help)');
    }
    const body: Record<string, unknown> = { name: values.name };
    if (values.expiration !== undefined) {
      body['expiration'] = values.expiration;
    }
    if (values.metadata !== undefined) {
      body['metadata'] = await jsonObjectArgument('--metadata', values.metadata);
    }
    if (values.id !== undefined) {
      body['id'] = values.id;
    }
    url = values.url;
    const client = await connect(values, terminal);
    try {
      const descriptors = {
        ...(values['role-descriptors'] === undefined
          ? {}
          : await jsonObjectArgument('--role-descriptors', values['role-descriptors'])),
        ...(await storedRoles(client, values.role ?? [])),
      };
      if (Object.keys(descriptors).length > 0) {
        body['role_descriptors'] = descriptors;
      }
      // The official client's transport, so the `id` extension travels in the body as given.
      const created = (await client.transport.request({
        method: 'POST',
        path: '/_security/api_key',
        body,
      })) as CreateResponse;
      terminal.stdout.write(
        values.json ? `${JSON.stringify(created)}\n` : describeCreated(created),
      );
      return EXIT.ok;
    } finally {
      await client.close();
    }
  } catch (error) {
    const failure = describeFailure(error, url);
    terminal.stderr.write(`elasticsearch-create-api-key: ${failure.message}\n`);
    return failure.exitCode;
  }
}

function parseOptions(argv: string[]) {
  return parseCommandLine({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
}

/** Each named role's stored definition, under its own name, as the key's role descriptors. */
async function storedRoles(client: Client, names: string[]): Promise<Record<string, unknown>> {
  if (names.length === 0) {
    return {};
  }
  const found = (await client.security.getRole(
    { name: names.join(',') },
    { ignore: [404] },
  )) as unknown as Record<string, Record<string, unknown>>;
  const missing = names.filter((name) => !Object.hasOwn(found, name));
  if (missing.length > 0) {
    throw new CliError(
      `unknown role${missing.length > 1 ? 's' : ''} [${missing.join(', ')}]`,
      EXIT.notFound,
    );
  }
  return Object.fromEntries(
    names.map((name) => {
      const { transient_metadata: _transient, ...descriptor } = found[name] ?? {};
      return [name, descriptor];
    }),
  );
}

/** A new key and its secret, as printed once; `extra` lines follow `expires`. */
export function describeCreated(created: CreateResponse, extra: string[] = []): string {
  const expires =
    created.expiration === undefined ? 'never' : expiresPhrase(created.expiration, Date.now());
  const lines = [
    `id:       ${created.id}`,
    `name:     ${created.name}`,
    `api_key:  ${created.api_key}`,
    `encoded:  ${created.encoded}`,
    `expires:  ${expires}`,
    ...extra,
    '',
    'Treat the key like a password: it is shown only once.',
    `Use it as the header  Authorization: ApiKey ${created.encoded}`,
  ];
  return `${lines.join('\n')}\n`;
}
