import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { forwardableHeaders, HOP_BY_HOP } from './http-headers.js';
import { REPO_ROOT } from './offline.js';
import { OutputTail } from './processes.js';

/** The admin page's path on the origin: everything else is the API, as on CloudFront (infra/ui.yml). */
export const UI_BASE_PATH = '/app/api_keys/';
export const UI_DIST_DIR = resolve(REPO_ROOT, 'ui/dist');
export const UI_CONFIG_FILE = resolve(REPO_ROOT, 'ui/vite.config.ts');
const VITE_BIN = resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js');

const PROXY_TIMEOUT_MILLIS = 60_000;
const MAX_PATH_LENGTH = 2_048;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
// Emotion writes <style> elements at run time, hence 'unsafe-inline' for styles only.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
/** The upstream's own Host is set by the request. */
const HOST_ONLY: ReadonlySet<string> = new Set(['host']);

export interface UiServerOptions {
  port: number;
  /** The API the page talks to, e.g. serverless offline's http://127.0.0.1:9200. */
  apiUrl: string;
  host?: string;
  /** The built page (vite build output); ui/dist by default. */
  distDir?: string;
  /** Build the page first when distDir has no index.html (a fresh clone). */
  buildIfMissing?: boolean;
}

export interface RunningUiServer {
  url: string;
  /** The admin page's address. */
  pageUrl: string;
  stop(): Promise<void>;
}

/**
 * Builds ui/ into `outDir` with Vite in a child process whose NODE_ENV is "production": Vite and the
 * React plugin read NODE_ENV (vitest sets "test"), and any other value bundles React's dev build.
 */
export async function buildUi(outDir: string = UI_DIST_DIR): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      VITE_BIN,
      'build',
      '--config',
      UI_CONFIG_FILE,
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = new OutputTail();
  child.stdout.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.append(chunk));
  const code = await new Promise<number | string>((resolvePromise) => {
    child.once('exit', (exitCode, signal) => resolvePromise(exitCode ?? signal ?? 'unknown'));
    child.once('error', (error) => resolvePromise(error.message));
  });
  if (code !== 0) {
    throw new Error(`building the admin page failed (${code}):\n${output.toString()}`);
  }
}

/**
 * Serves the built admin page under /app/api_keys/ and proxies every other path to the API on the same
 * origin, so the page needs no CORS: the local twin of CloudFront in infra/ui.yml.
 */
export async function startUiServer(options: UiServerOptions): Promise<RunningUiServer> {
  const distDir = resolve(options.distDir ?? UI_DIST_DIR);
  if (options.buildIfMissing && !existsSync(join(distDir, 'index.html'))) {
    await buildUi(distDir);
  }
  const api = new URL(options.apiUrl);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(request, response, distDir, api).catch((error: unknown) => {
      if (!response.headersSent) {
        sendText(response, 502, `admin page server error: ${(error as Error).message}`);
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host }, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = `http://${host}:${port}`;
  return {
    url,
    pageUrl: `${url}${UI_BASE_PATH}`,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  distDir: string,
  api: URL,
): Promise<void> {
  const target = request.url ?? '/';
  if (target.length > MAX_PATH_LENGTH) {
    sendText(response, 414, 'URI too long');
    return;
  }
  const path = target.split('?')[0] ?? '/';
  const method = request.method ?? 'GET';
  const isRead = method === 'GET' || method === 'HEAD';
  if (isRead && path === '/' && acceptsHtml(request.headers)) {
    // A person opening the origin gets the page (as Kibana redirects to /app); API clients get GET /.
    redirect(response, UI_BASE_PATH);
    return;
  }
  if (isRead && path === UI_BASE_PATH.slice(0, -1)) {
    redirect(response, UI_BASE_PATH);
    return;
  }
  if (path.startsWith(UI_BASE_PATH)) {
    if (!isRead) {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    await serveFile(response, distDir, path.slice(UI_BASE_PATH.length), method === 'HEAD');
    return;
  }
  proxy(request, response, api);
}

function acceptsHtml(headers: IncomingHttpHeaders): boolean {
  return (headers.accept ?? '').includes('text/html');
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location, 'cache-control': 'no-store' }).end();
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

async function serveFile(
  response: ServerResponse,
  distDir: string,
  relative: string,
  headOnly: boolean,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    sendText(response, 400, 'bad path');
    return;
  }
  const candidate = normalize(join(distDir, decoded === '' ? 'index.html' : decoded));
  if (candidate !== distDir && !candidate.startsWith(distDir + sep)) {
    sendText(response, 404, 'not found');
    return;
  }
  // Unknown paths under the page are the single-page app's own: serve index.html.
  const isFile = await stat(candidate).then(
    (info) => info.isFile(),
    () => false,
  );
  const file = isFile ? candidate : join(distDir, 'index.html');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    sendText(
      response,
      503,
      `the admin page is not built: run npm run build:ui (looked in ${distDir})`,
    );
    return;
  }
  const hashed = file.includes(`${sep}assets${sep}`);
  response.writeHead(200, {
    ...PAGE_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  response.end(headOnly ? undefined : body);
}

function proxy(request: IncomingMessage, response: ServerResponse, api: URL): void {
  const headers = forwardableHeaders(request.headersDistinct, HOST_ONLY);
  const upstream = httpRequest(
    {
      protocol: api.protocol,
      hostname: api.hostname,
      port: api.port,
      method: request.method,
      path: request.url,
      headers,
      timeout: PROXY_TIMEOUT_MILLIS,
    },
    (reply) => {
      // From the raw lines: Node would join repeated headers such as WWW-Authenticate into one line,
      // which browsers read differently from the separate challenges the API (and CloudFront) send.
      const replyHeaders: Record<string, string[]> = {};
      for (let index = 0; index + 1 < reply.rawHeaders.length; index += 2) {
        const name = (reply.rawHeaders[index] ?? '').toLowerCase();
        const value = reply.rawHeaders[index + 1] ?? '';
        if (!HOP_BY_HOP.has(name)) {
          replyHeaders[name] = [...(replyHeaders[name] ?? []), value];
        }
      }
      response.writeHead(reply.statusCode ?? 502, replyHeaders);
      reply.pipe(response);
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('the API did not answer in time')));
  upstream.on('error', (error) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const reason = `the API at ${api.origin} could not be reached: ${error.message}`;
    const body = JSON.stringify({
      error: { root_cause: [{ type: 'proxy_exception', reason }], type: 'proxy_exception', reason },
      status: 502,
    });
    response.writeHead(502, { 'content-type': 'application/json' }).end(body);
  });
  request.pipe(upstream);
}
