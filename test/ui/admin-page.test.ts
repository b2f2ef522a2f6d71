import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startUiServer } from '../../infra/local/ui-server.js';
import { api, basic, createUser } from './support/api.js';
import {
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  subj,
  watchAuthPrompts,
} from './support/browser.js';

let browser: Browser;
/** The table has rendered the answer to its latest query. */
const TABLE_READY = `${subj('keysTotal')}[data-state="ready"]`;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The origin itself, as a person types it: the server sends the browser on to the page.
  await page.goto(inject('uiUrl'));
  await page.locator(subj('signInForm')).waitFor();
  return page;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator(subj('username')).fill(username);
  await page.locator(subj('password')).fill(password);
  await page.locator(subj('signInButton')).click();
  await page.locator(`${subj('apiKeysTable')} table`).waitFor();
  await page.locator(TABLE_READY).waitFor();
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

async function search(page: Page, text: string): Promise<void> {
  await page.locator(subj('searchKeys')).fill(text);
  const answered = page.waitForResponse((response) =>
    response.url().endsWith('/_security/_query/api_key'),
  );
  await page.locator(subj('searchKeys')).press('Enter');
  await answered;
  await page.locator(TABLE_READY).waitFor();
}

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

describe('admin page', () => {
  it('shows the ES reason for a wrong password, without a browser auth dialog', async () => {
    const page = await openPage();
    const authPrompts = await watchAuthPrompts(page);
    await expectAccessible(page);
    await screenshot(page, 'sign-in');

    await page.locator(subj('username')).fill('elastic');
    await page.locator(subj('password')).fill('not-the-password');
    const refused = page.waitForResponse((response) =>
      response.url().endsWith('/_security/_authenticate'),
    );
    await page.locator(subj('signInButton')).click();
    // The premise: ES's 401 challenges for Basic, which makes browsers prompt unless the page avoids it.
    const challenge = await refused;
    expect(challenge.status()).toBe(401);
    expect(await challenge.headerValue('www-authenticate')).toContain('Basic realm="security"');

    await expect
      .poll(() => page.locator(subj('signInError')).textContent())
      .toContain(
        'unable to authenticate user [elastic] for REST request [/_security/_authenticate]',
      );
    expect(authPrompts()).toBe(0);
    expect(await page.locator(subj('apiKeysTable')).count()).toBe(0);
    await expectAccessible(page);
    await page.close();
  });

  it('never lets the browser prompt for a password, even for challenges on separate lines', async () => {
    // serverless offline joins the 401's WWW-Authenticate challenges into one line, which Chromium
    // happens not to prompt for; API Gateway sends them on separate lines, as this stand-in does.
    const reason =
      'unable to authenticate user [elastic] for REST request [/_security/_authenticate]';
    const gateway = createServer((_request, response) => {
      response
        .writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': ['Basic realm="security", charset="UTF-8"', 'ApiKey'],
        })
        .end(JSON.stringify({ error: { type: 'security_exception', reason }, status: 401 }));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const address = gateway.address();
    const gatewayPort = typeof address === 'object' && address !== null ? address.port : 0;
    const ui = await startUiServer({
      port: 0,
      apiUrl: `http://127.0.0.1:${gatewayPort}`,
      distDir: inject('uiDistDir'),
    });
    try {
      const page = await browser.newPage();
      await page.goto(ui.pageUrl);
      const authPrompts = await watchAuthPrompts(page);
      await page.locator(subj('username')).fill('elastic');
      await page.locator(subj('password')).fill('wrong');
      await page.locator(subj('signInButton')).click();
      await expect.poll(() => page.locator(subj('signInError')).textContent()).toContain(reason);
      expect(authPrompts()).toBe(0);
      await page.close();
    } finally {
      await ui.stop();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it('creates a key, shows its secret once, finds it by search and invalidates it', async () => {
    const page = await openPage();
    await signIn(page, 'elastic', inject('elasticPassword'));
    await expectAccessible(page);

    const name = unique('ui-created');
    await page.locator(subj('createApiKeyButton')).click();
    await page.locator(subj('apiKeyName')).fill(name);
    await page.locator(subj('restrictSwitch')).click();
    await page.locator(subj('roleDescriptors')).fill('{ "nope": [] }');
    await expect
      .poll(() => page.locator('.euiFormErrorText').allTextContents())
      .toContain('Role descriptor [nope] must be a JSON object');
    await page
      .locator(subj('roleDescriptors'))
      .fill(
        '{ "reader": { "applications": [{ "application": "my-api", "privileges": ["read"], "resources": ["*"] }] } }',
      );
    await page.locator(subj('expiresSwitch')).click();
    await page.locator(subj('expirationDays')).fill('7');
    await expectAccessible(page);
    await screenshot(page, 'create-flyout');
    await page.locator(subj('createApiKeySubmit')).click();

    const encodedBlock = page.locator(`${subj('createdKey-encoded')} pre code`);
    await encodedBlock.waitFor();
    const encoded = (await encodedBlock.textContent())?.trim() ?? '';
    const [id, secret] = Buffer.from(encoded, 'base64').toString().split(':');
    expect(await page.locator(`${subj('createdKey-beats')} pre code`).textContent()).toBe(
      `${id}:${secret}`,
    );
    expect(await page.locator(subj('createdKey')).textContent()).toContain(
      'You will not be able to see it again',
    );
    // The secret the page showed is the real one: it authenticates as the new key.
    const whoAmI = await api('GET', '/_security/_authenticate', `ApiKey ${encoded}`);
    expect(whoAmI.status).toBe(200);
    expect(whoAmI.body['api_key']).toMatchObject({ id, name });
    await expectAccessible(page);
    await screenshot(page, 'created-key');

    // Shown once: dismissed, the secret is gone from the page and nothing brings it back.
    await page.locator(`${subj('createdKey')} [aria-label="Dismiss this callout"]`).click();
    expect(await page.content()).not.toContain(secret ?? 'missing secret');

    await search(page, name);
    const row = page.locator(subj(`keyRow-${id}`));
    await row.waitFor();
    expect(await page.locator(`${subj('apiKeysTable')} tbody tr`).count()).toBe(1);
    expect(await row.locator(subj('keyStatus-active')).count()).toBe(1);
    await screenshot(page, 'api-keys');

    await row.locator(subj('invalidateKey')).click();
    const modal = page.locator(subj('invalidateModal'));
    await modal.waitFor();
    expect(await modal.textContent()).toContain(name);
    await expectAccessible(page);
    await modal.getByRole('button', { name: 'Invalidate API key' }).click();

    await row.locator(subj('keyStatus-invalidated')).waitFor();
    expect(await page.locator(subj('notice')).textContent()).toContain('Invalidated 1 API key');
    expect((await api('GET', '/_security/_authenticate', `ApiKey ${encoded}`)).status).toBe(401);
    await page.close();
  });

  it('disables, enables and rotates a key from its row (the extensions)', async () => {
    const name = unique('ui-rotated');
    const created = await api('POST', '/_security/api_key', basicElastic(), { name });
    const id = String(created.body['id']);
    const oldKey = `ApiKey ${created.body['encoded']}`;
    const page = await openPage();
    await signIn(page, 'elastic', inject('elasticPassword'));
    await search(page, name);
    const row = page.locator(subj(`keyRow-${id}`));
    await row.waitFor();

    // Three actions apply to an active own key: Disable sits in the row's "All actions" menu.
    await row.locator(subj('euiCollapsedItemActionsButton')).click();
    await page.locator(subj('disableKey')).click();
    await row.locator(subj('keyStatus-disabled')).waitFor();
    expect(await page.locator(subj('notice')).textContent()).toContain(`Disabled API key ${name}`);
    expect((await api('GET', '/_security/_authenticate', oldKey)).status).toBe(401);
    // A disabled key cannot be rotated: only Invalidate and Enable remain, in the row.
    expect(await row.locator(subj('rotateKey')).count()).toBe(0);
    await expectAccessible(page);

    await row.locator(subj('enableKey')).click();
    await row.locator(subj('keyStatus-active')).waitFor();
    expect((await api('GET', '/_security/_authenticate', oldKey)).status).toBe(200);

    await row.locator(subj('rotateKey')).click();
    const modal = page.locator(subj('rotateModal'));
    await modal.waitFor();
    expect(await modal.textContent()).toContain(name);
    await expectAccessible(page);
    await modal.getByRole('button', { name: 'Rotate API key' }).click();
    const encodedBlock = page.locator(`${subj('createdKey-encoded')} pre code`);
    await encodedBlock.waitFor();
    const encoded = (await encodedBlock.textContent())?.trim() ?? '';
    const successor = await api('GET', '/_security/_authenticate', `ApiKey ${encoded}`);
    const stored = await api('GET', `/_security/api_key?id=${id}`, basicElastic());

    expect(successor.status).toBe(200);
    expect(successor.body['api_key']).toMatchObject({ name });
    expect(successor.body['api_key']).not.toMatchObject({ id });
    const expiration = Number(
      (stored.body['api_keys'] as Array<{ expiration: number }>)[0]?.expiration,
    );
    expect(expiration - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(expiration - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    await page.close();
  });

  it('shows details with limited_by and updates metadata of an own key', async () => {
    const name = unique('ui-details');
    const created = await api('POST', '/_security/api_key', basicElastic(), { name });
    const page = await openPage();
    await signIn(page, 'elastic', inject('elasticPassword'));
    await search(page, name);
    await page.locator(`${subj(`keyRow-${created.body['id']}`)} ${subj('keyName')}`).click();
    await page.locator(subj('limitedBy')).waitFor();
    expect(await page.locator(subj('limitedBy')).textContent()).toContain('superuser');
    await page.locator(subj('updateMetadata')).fill('{ "team": "ops" }');
    await page.locator(subj('updateApiKeySubmit')).click();
    await expect
      .poll(() => page.locator(subj('updateResult')).textContent())
      .toBe('API key updated');
    await expectAccessible(page);
    await screenshot(page, 'details-flyout');
    const stored = await api('GET', `/_security/api_key?id=${created.body['id']}`, basicElastic());
    expect(stored.body['api_keys']).toMatchObject([{ metadata: { team: 'ops' } }]);
    await page.close();
  });

  it('invalidates several keys at once from a selection', async () => {
    const prefix = unique('ui-bulk');
    const ids: string[] = [];
    for (const suffix of ['a', 'b']) {
      const created = await api('POST', '/_security/api_key', basicElastic(), {
        name: `${prefix}-${suffix}`,
      });
      ids.push(String(created.body['id']));
    }
    const page = await openPage();
    await signIn(page, 'elastic', inject('elasticPassword'));
    await search(page, prefix);
    await page.locator(`${subj('apiKeysTable')} thead input[type="checkbox"]`).check();
    await page.locator(subj('bulkInvalidate')).click();
    const modal = page.locator(subj('invalidateModal'));
    expect(await modal.textContent()).toContain(`${prefix}-a`);
    expect(await modal.textContent()).toContain(`${prefix}-b`);
    await modal.getByRole('button', { name: 'Invalidate API keys' }).click();
    for (const id of ids) {
      await page.locator(`${subj(`keyRow-${id}`)} ${subj('keyStatus-invalidated')}`).waitFor();
    }
    await page.close();
  });

  it('shows a manage_own_api_key user only their own keys and no admin actions', async () => {
    const username = unique('owner');
    const password = randomBytes(12).toString('hex');
    await createUser(username, password, ['manage_own_api_key']);
    const own = await api('POST', '/_security/api_key', basic(username, password), {
      name: unique('own'),
    });
    const othersName = unique('not-mine');
    const others = await api('POST', '/_security/api_key', basicElastic(), { name: othersName });
    expect([own.status, others.status]).toEqual([200, 200]);

    const page = await openPage();
    await signIn(page, username, password);
    await page.locator(subj(`keyRow-${own.body['id']}`)).waitFor();
    // Their own active key: rotate and invalidate in the row, disable in its menu.
    const ownRow = page.locator(subj(`keyRow-${own.body['id']}`));
    expect(await ownRow.locator(subj('rotateKey')).count()).toBe(1);
    expect(await ownRow.locator(subj('invalidateKey')).count()).toBe(1);
    const owners = await page.locator(subj('keyOwner')).allTextContents();
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set([username]));
    expect(await page.locator(subj(`keyRow-${others.body['id']}`)).count()).toBe(0);
    await search(page, othersName);
    expect(await page.locator(`${subj('apiKeysTable')} tbody`).textContent()).toContain(
      'No API keys found',
    );
    // Admin actions are hidden: no "mine only" or owner filter, no view of other users.
    expect(await page.locator(subj('mineFilter')).count()).toBe(0);
    expect(await page.locator(subj('ownerFilter')).count()).toBe(0);
    expect(await page.locator(subj('ownKeysOnly')).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'own-keys-only');

    await page.locator(subj('signOut')).click();
    await page.locator(subj('signInForm')).waitFor();
    expect(await page.locator(subj('password')).inputValue()).toBe('');
    await page.close();
  });

  it('shows the page for a user without API key privileges as a permission prompt', async () => {
    const username = unique('nobody');
    const password = randomBytes(12).toString('hex');
    await createUser(username, password, ['monitor']);
    const page = await openPage();
    await page.locator(subj('username')).fill(username);
    await page.locator(subj('password')).fill(password);
    await page.locator(subj('signInButton')).click();
    await page.locator(subj('noPermission')).waitFor();
    expect(await page.locator(subj('createApiKeyButton')).count()).toBe(0);
    await expectAccessible(page);
    await page.close();
  });
});

function basicElastic(): string {
  return basic('elastic', inject('elasticPassword'));
}
