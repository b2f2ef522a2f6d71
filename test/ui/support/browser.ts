import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../../infra/local/offline.js';

/** Debian's chromium; browser downloads are impossible here, so playwright-core drives it directly. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
/** Each run's screenshots; not committed (the README shows a chosen copy from ui/screenshots/). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'ui/screenshots/latest');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The selector for EUI's data-test-subj, as Kibana's functional tests use it. */
export function subj(name: string): string {
  return `[data-test-subj="${name}"]`;
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // axe measures colours as painted: let fades (a modal opening) finish, or it sees half-drawn
  // text. Polled with evaluate: the page's CSP rightly forbids waitForFunction's eval.
  for (let tries = 0; tries < 100; tries += 1) {
    const settled = await page.evaluate<boolean>(
      `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)`,
    );
    if (settled) {
      break;
    }
    await page.waitForTimeout(100);
  }
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    // Evaluated over DevTools, which the page's CSP (no inline scripts) rightly does not cover.
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/**
 * Counts the times the browser would have shown its own HTTP-auth dialog: with the DevTools Fetch
 * domain handling auth, every such challenge arrives as Fetch.authRequired (and is cancelled here).
 */
export async function watchAuthPrompts(page: Page): Promise<() => number> {
  const cdp = await page.context().newCDPSession(page);
  let prompts = 0;
  cdp.on('Fetch.requestPaused', (event: { requestId: string }) => {
    void cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
  });
  cdp.on('Fetch.authRequired', (event: { requestId: string }) => {
    prompts += 1;
    void cdp
      .send('Fetch.continueWithAuth', {
        requestId: event.requestId,
        authChallengeResponse: { response: 'CancelAuth' },
      })
      .catch(() => undefined);
  });
  await cdp.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: '*' }] });
  return () => prompts;
}
