import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** A port the local stack needs is taken. */
export class PortInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortInUseError';
  }
}

/** Asks the OS for a free TCP port by binding port 0 on every interface, then releases it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((error) => {
        if (error) {
          reject(error);
        } else if (port === 0) {
          reject(new Error('could not find a free TCP port'));
        } else {
          resolve(port);
        }
      });
    });
  });
}

/** Whether nothing listens on `port` (checked by binding it on every interface, like Java does). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        resolve(false);
      } else {
        reject(error);
      }
    });
    server.listen({ port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** Keeps the last `limit` characters a child printed, to explain why it failed. */
export class OutputTail {
  #text = '';
  readonly #limit: number;

  constructor(limit = 8_000) {
    this.#limit = limit;
  }

  append(chunk: Buffer | string): void {
    this.#text = (this.#text + chunk.toString()).slice(-this.#limit);
  }

  toString(): string {
    return this.#text.trim();
  }
}

/** True once the child has exited, or if it never started (spawn failed: no pid). */
export function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited (at once if it already has). */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
  });
}

/** Sends SIGTERM and waits for the child to exit; SIGKILL if it still runs after `graceMillis`. */
export async function stopProcess(child: ChildProcess, graceMillis = 5_000): Promise<void> {
  if (hasExited(child)) {
    return;
  }
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!hasExited(child)) {
      child.kill('SIGKILL');
    }
  }, graceMillis);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kills the child when this process exits, even through `process.exit()` or an uncaught error.
 * Returns a function that removes the hook (call it once the child is stopped).
 */
export function killOnExit(child: ChildProcess): () => void {
  const kill = (): void => {
    if (!hasExited(child)) {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', kill);
  return () => {
    process.off('exit', kill);
  };
}

export function delay(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; rejects after `timeoutMillis`. */
export async function waitForListener(port: number, timeoutMillis: number): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`nothing accepts connections on 127.0.0.1:${port} after ${timeoutMillis} ms`);
    }
    await delay(50);
  }
}
