import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killOnExit, OutputTail, stopProcess } from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVERLESS_BIN = fileURLToPath(
  new URL('../../node_modules/.bin/serverless', import.meta.url),
);

export interface OfflineOptions {
  stage: string;
  /** HTTP port, passed as PORT (serverless.yml: `httpPort: ${env:PORT, 9200}`). */
  port: number;
  /** Lambda invoke port, passed as OFFLINE_LAMBDA_PORT (serverless.yml default 9202). */
  lambdaPort?: number;
  /** The whole environment of serverless offline, which passes it on to the handlers. */
  env: NodeJS.ProcessEnv;
  /** Time allowed until "Server ready"; the first esbuild bundle is slow. */
  readyTimeoutMillis: number;
  /** Copy offline's output to this process's stdout/stderr (always kept for error messages). */
  forwardOutput: boolean;
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

/** Spawns `serverless offline --stage <stage>` with the repo's local serverless (osls) binary. */
export function spawnOffline(options: OfflineOptions): OfflineProcess {
  const child = spawn(process.execPath, [SERVERLESS_BIN, 'offline', '--stage', options.stage], {
    cwd: REPO_ROOT,
    env: {
      ...options.env,
      PORT: String(options.port),
      ...(options.lambdaPort === undefined
        ? {}
        : { OFFLINE_LAMBDA_PORT: String(options.lambdaPort) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const removeExitHook = killOnExit(child);
  const output = new OutputTail();
  const url = `http://127.0.0.1:${options.port}`;

  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      output.append(`\n${error.message}\n`);
      resolve(error.message);
    });
  });

  const ready = new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      reject(
        new Error(
          `serverless offline was not ready on ${url} within ${options.readyTimeoutMillis} ms${describe(output.toString())}`,
        ),
      );
    }, options.readyTimeoutMillis);
    const watch = (chunk: Buffer): void => {
      output.append(chunk);
      // Keep a little of the previous chunk: the marker may be split across two.
      seen = (seen + chunk.toString()).slice(-200);
      if (seen.includes('Server ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      watch(chunk);
      if (options.forwardOutput) {
        process.stdout.write(chunk);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      watch(chunk);
      if (options.forwardOutput) {
        process.stderr.write(chunk);
      }
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
      await stopProcess(child);
      removeExitHook();
    },
  };
}

export interface StartOfflineOptions {
  stage: string;
  port: number;
  lambdaPort?: number;
  /** Added to (and overriding) this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** 60 s by default. */
  readyTimeoutMillis?: number;
  forwardOutput?: boolean;
}

export interface RunningOffline {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns serverless offline and resolves once it is ready; stops it again if it never gets there. */
export async function startOffline(options: StartOfflineOptions): Promise<RunningOffline> {
  const offline = spawnOffline({
    stage: options.stage,
    port: options.port,
    ...(options.lambdaPort === undefined ? {} : { lambdaPort: options.lambdaPort }),
    env: { ...process.env, ...options.env },
    readyTimeoutMillis: options.readyTimeoutMillis ?? 60_000,
    forwardOutput: options.forwardOutput ?? false,
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
