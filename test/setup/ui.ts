import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildUi, type RunningUiServer, startUiServer } from '../../infra/local/ui-server.js';
import { setup as setupOffline } from './offline.js';

declare module 'vitest' {
  export interface ProvidedContext {
    uiUrl: string;
    uiDistDir: string;
  }
}

/**
 * The "http" project's stack (DynamoDB Local + serverless offline), plus the admin page built into a
 * temporary folder and served by infra/local/ui-server.ts in front of offline, as `npm start` does.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const distDir = mkdtempSync(join(tmpdir(), 'es-api-keys-ui-'));
  let stopOffline: (() => Promise<void>) | undefined;
  let ui: RunningUiServer | undefined;
  const teardown = async (): Promise<void> => {
    await ui?.stop();
    await stopOffline?.();
    rmSync(distDir, { recursive: true, force: true });
  };
  try {
    const [offlineTeardown] = await Promise.all([setupOffline(project), buildUi(distDir)]);
    stopOffline = offlineTeardown;
    ui = await startUiServer({ port: 0, apiUrl: project.getProvidedContext().offlineUrl, distDir });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('uiUrl', ui.url);
  project.provide('uiDistDir', distDir);
  return teardown;
}
