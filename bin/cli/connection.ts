import { Client, errors } from '@elastic/elasticsearch';
import { CliError, EXIT, usageError } from './exit-codes.js';
import { readHiddenLine } from './prompt.js';

export const DEFAULT_URL = 'http://127.0.0.1:9200';

/** The connection flags both commands share, for util.parseArgs. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  username: { type: 'string', short: 'u' },
  password: { type: 'string', short: 'p' },
  'api-key': { type: 'string' },
} as const;

export const CONNECTION_HELP = `Connection:
  --url URL            the service (default: $ELASTICSEARCH_URL, else ${DEFAULT_URL})
  -u, --username NAME  user to authenticate as (default: elastic)
  -p, --password PW    that user's password (default: $ELASTIC_PASSWORD, else asked for on a terminal)
  --api-key ENCODED    authenticate with an API key instead (default: $ELASTIC_API_KEY), the
                       base64 "id:api_key" form that create prints as "encoded"`;

export interface ConnectionValues {
  url?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  'api-key'?: string | undefined;
}

export interface Terminal {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

/** The official Elasticsearch client, pointed at the service with the caller's credentials. */
export async function connect(values: ConnectionValues, terminal: Terminal): Promise<Client> {
  const node = values.url ?? terminal.env['ELASTICSEARCH_URL'] ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(node);
  } catch {
    throw usageError(`--url: [${node}] is not a URL`);
  }
  const apiKey = values['api-key'] ?? terminal.env['ELASTIC_API_KEY'];
  if (apiKey !== undefined && values.username === undefined && values.password === undefined) {
    return new Client({ node: url.toString(), auth: { apiKey } });
  }
  const username = values.username ?? 'elastic';
  const password =
    values.password ?? terminal.env['ELASTIC_PASSWORD'] ?? (await askPassword(username, terminal));
  return new Client({ node: url.toString(), auth: { username, password } });
}

async function askPassword(username: string, terminal: Terminal): Promise<string> {
  if (!terminal.stdin.isTTY) {
    throw usageError(
      `no password for [${username}]: pass --password, set ELASTIC_PASSWORD, or use --api-key`,
    );
  }
  return readHiddenLine(`Enter password for [${username}]: `, terminal.stdin, terminal.stderr);
}

interface EsErrorBody {
  error?: { type?: string; reason?: string; root_cause?: { reason?: string }[] } | string;
  status?: number;
}

/** A client failure as one line and the exit code for its kind. */
export function describeFailure(error: unknown, url: string | undefined): CliError {
  if (error instanceof CliError) {
    return error;
  }
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    const body = error.body as EsErrorBody | undefined;
    const cause = body?.error;
    const reason =
      typeof cause === 'string'
        ? cause
        : [cause?.type, cause?.reason].filter((part) => part !== undefined).join(': ') ||
          error.message;
    const code =
      status === 401 || status === 403 ? EXIT.auth : status === 404 ? EXIT.notFound : EXIT.other;
    return new CliError(`${reason} (status ${status})`, code);
  }
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError) {
    return new CliError(`cannot reach ${url ?? 'the service'}: ${error.message}`, EXIT.other);
  }
  return new CliError(error instanceof Error ? error.message : String(error), EXIT.other);
}
