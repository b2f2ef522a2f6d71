import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GatewayProxy, startGatewayProxy } from './gateway-proxy.js';
import { OfflineOutput } from './offline-output.js';
import {
  isPortFree,
  killOnExit,
  OutputTail,
  PortInUseError,
  stopProcess,
  waitForListener,
} from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVERLESS_BIN = fileURLToPath(
  new URL('../../node_modules/.bin/serverless', import.meta.url),
);

export interface LocalPorts {
  /** The port users connect to: the gateway proxy's. */
  port: number;
  /** serverless offline's own HTTP port, behind the proxy. */
  httpPort: number;
  /** serverless offline's Lambda invoke port. */
  lambdaPort: number;
}

/** PORT for the proxy, PORT+1 for offline's HTTP server, PORT+2 (or OFFLINE_LAMBDA_PORT) for Lambda. */
export function derivePorts(port: number, lambdaPort?: number): LocalPorts {
  return { port, httpPort: port + 1, lambdaPort: lambdaPort ?? port + 2 };
}

export interface OfflineOptions extends LocalPorts {
  stage: string;
  /** The whole environment of serverless offline, which passes it on to the handlers. */
  env: NodeJS.ProcessEnv;
  /** Time allowed until "Server ready"; the first esbuild bundle is slow. */
  readyTimeoutMillis: number;
  /** Copy offline's output (minus its route table and refusal stack traces) to our stdout/stderr. */
  forwardOutput: boolean;
  /** Progress lines while offline bundles and starts. */
  progress?: (line: string) => void;
  /** Everything offline (and so every handler) writes to stdout, as it comes. */
  onStdout?: (chunk: string) => void;
}

export interface OfflineProcess {
  url: string;
  /** Resolves on "Server ready"; rejects if offline exits first or the timeout passes. */
  ready: Promise<void>;
  /** Resolves with the exit code (or signal) once offline has exited. */
  exited: Promise<number | string>;
  /** The last lines offline printed. */
  output(): string;
  stop(): Promise<void>;
}

/** Says which port is taken, and how to move it, the same way for each of the stack's ports. */
export async function assertPortsFree(ports: Array<[number, string]>): Promise<void> {
  for (const [port, role] of ports) {
    if (!(await isPortFree(port))) {
      throw new PortInUseError(
        `port ${port} (${role}) is already in use: stop what holds it, or move the stack with PORT (and OFFLINE_LAMBDA_PORT / DYNAMODB_PORT)`,
      );
    }
  }
}

/**
 * Starts the gateway proxy on `port`, then `serverless offline --stage <stage>` behind it on
 * `httpPort`, with its own esbuild work folder so `npm run package` never deletes its bundles.
 */
export async function spawnOffline(options: OfflineOptions): Promise<OfflineProcess> {
  await assertPortsFree([
    [options.port, 'the API'],
    [options.httpPort, 'serverless offline, behind the API'],
    [options.lambdaPort, 'serverless offline Lambda invocations'],
  ]);
  const printed = new OfflineOutput(options.forwardOutput);
  const proxy: GatewayProxy = await startGatewayProxy({
    port: options.port,
    targetPort: options.httpPort,
    ...(options.forwardOutput ? { log: (line: string) => printed.note(line) } : {}),
  });
  const workFolder = `.esbuild/offline-${options.stage}-${options.port}`;
  const child = spawn(process.execPath, [SERVERLESS_BIN, 'offline', '--stage', options.stage], {
    cwd: REPO_ROOT,
    env: {
      ...options.env,
      OFFLINE_HTTP_PORT: String(options.httpPort),
      OFFLINE_LAMBDA_PORT: String(options.lambdaPort),
      ESBUILD_WORK_FOLDER: workFolder,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const removeExitHook = killOnExit(child);
  const output = new OutputTail();
  const { url } = proxy;
  options.progress?.('bundling the handlers with esbuild…');

  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      output.append(`\n${error.message}\n`);
      resolve(error.message);
    });
  });

  const ready = new Promise<void>((resolve, reject) => {
    let seen = '';
    let started = false;
    let listening = false;
    const timer = setTimeout(() => {
      reject(
        new Error(
          `serverless offline was not ready on ${url} within ${options.readyTimeoutMillis} ms${describe(output.toString())}`,
        ),
      );
    }, options.readyTimeoutMillis);
    const watch = (chunk: Buffer): void => {
      output.append(chunk);
      // Keep a little of the previous chunk: a marker may be split across two.
      seen = (seen + chunk.toString()).slice(-400);
      if (!started && seen.includes('Offline [http for lambda] listening')) {
        started = true;
        options.progress?.('bundled; starting the gateway…');
      }
      if (!listening && seen.includes('Server ready')) {
        listening = true;
        // Offline says so a moment before its socket accepts: the proxy would answer 502.
        waitForListener(options.httpPort, 10_000).then(
          () => {
            clearTimeout(timer);
            resolve();
          },
          (error: unknown) => reject(error),
        );
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      options.onStdout?.(chunk.toString());
      watch(chunk);
      printed.write(chunk, process.stdout);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      watch(chunk);
      printed.write(chunk, process.stderr);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `serverless offline exited (${code}) before it was ready${describe(output.toString())}`,
        ),
      );
    });
  });
  // The caller awaits `ready`; this only keeps an unobserved rejection from crashing the process.
  ready.catch(() => undefined);

  return {
    url,
    ready,
    exited,
    output: () => output.toString(),
    stop: async () => {
      printed.mute();
      await proxy.close();
      await stopProcess(child);
      removeExitHook();
      // Each run bundles afresh; without this every test run would leave one folder behind.
      await rm(join(REPO_ROOT, workFolder), { recursive: true, force: true });
    },
  };
}

export interface StartOfflineOptions {
  stage: string;
  /** The proxy's port; offline takes the next two unless `httpPort`/`lambdaPort` say otherwise. */
  port: number;
  httpPort?: number;
  lambdaPort?: number;
  /** Added to (and overriding) this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** 60 s by default. */
  readyTimeoutMillis?: number;
  forwardOutput?: boolean;
  onStdout?: (chunk: string) => void;
}

export interface RunningOffline {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns serverless offline and resolves once it is ready; stops it again if it never gets there. */
export async function startOffline(options: StartOfflineOptions): Promise<RunningOffline> {
  const derived = derivePorts(options.port, options.lambdaPort);
  const offline = await spawnOffline({
    stage: options.stage,
    port: derived.port,
    httpPort: options.httpPort ?? derived.httpPort,
    lambdaPort: derived.lambdaPort,
    env: { ...process.env, ...options.env },
    readyTimeoutMillis: options.readyTimeoutMillis ?? 60_000,
    forwardOutput: options.forwardOutput ?? false,
    ...(options.onStdout ? { onStdout: options.onStdout } : {}),
  });
  try {
    await offline.ready;
  } catch (error) {
    await offline.stop();
    throw error;
  }
  return { url: offline.url, output: offline.output, stop: offline.stop };
}

function describe(output: string): string {
  return output === '' ? '' : `\n--- serverless offline output ---\n${output}`;
}
