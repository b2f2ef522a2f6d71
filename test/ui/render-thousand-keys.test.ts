import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoApiKeyStore } from '../../functions/store/api-key-store.js';
import { localTableNames } from '../../infra/local/ensure-tables.js';
import { apiKeyRecord } from '../support/api-key-records.js';
import { testClient } from '../support/tables.js';
import { createUser } from './support/api.js';
import { launchBrowser, subj } from './support/browser.js';

const KEYS = 1_000;
const DAY = 24 * 3_600_000;
/** Where the run leaves its numbers for BENCHMARKS.md. */
const MEASUREMENT_FILE = join(tmpdir(), 'es-api-keys-ui-measurements.json');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Stores `count` keys owned by a native user straight into the run's DynamoDB Local. */
async function seedKeys(username: string, count: number): Promise<void> {
  const client = DynamoDBDocumentClient.from(testClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const store = new DynamoApiKeyStore(client, localTableNames('test').apiKeys);
  const now = Date.now();
  const creator = {
    principal: username,
    realm: 'default_native',
    realm_type: 'native',
    full_name: null,
    email: null,
    metadata: {},
  };
  try {
    for (let start = 0; start < count; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - start) }, (_, offset) => {
          const index = start + offset;
          return store.create(
            apiKeyRecord({
              id: randomBytes(15).toString('base64url'),
              name: `bulk-${String(index).padStart(4, '0')}`,
              creation_time: now - index * 60_000,
              // A third expire in the future, a third have no expiration, a third are invalidated.
              ...(index % 3 === 0 ? { expiration_time: now + 30 * DAY } : {}),
              ...(index % 3 === 2
                ? { api_key_invalidated: true, invalidation_time: now - 1_000 }
                : {}),
              creator,
            }),
          );
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

describe('a table of 1,000 keys', () => {
  it('renders its first page and filter counts, and reports the time and the JS size', async () => {
    const username = `bulk-owner-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await createUser(username, password, ['manage_own_api_key']);
    await seedKeys(username, KEYS);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const scripts = new Set<string>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') {
        scripts.add(basename(new URL(response.url()).pathname));
      }
    });
    const pageStart = performance.now();
    await page.goto(`${inject('uiUrl')}/app/api_keys/`);
    await page.locator(subj('signInForm')).waitFor();
    const signInShown = performance.now();
    await page.locator(subj('username')).fill(username);
    await page.locator(subj('password')).fill(password);
    const signInStart = performance.now();
    await page.locator(subj('signInButton')).click();
    await page.locator(`${subj('keysTotal')}[data-state="ready"]`).waitFor();
    const tableShown = performance.now();

    expect(await page.locator(subj('keysTotal')).textContent()).toBe('1,000 keys');
    expect(await page.locator(`${subj('apiKeysTable')} tbody tr`).count()).toBe(25);
    expect(await page.locator(subj('statusFilter-invalidated')).textContent()).toContain('333');

    // The biggest page: 100 rows.
    const answered = page.waitForResponse((response) =>
      response.url().endsWith('/_security/_query/api_key'),
    );
    const pageSizeStart = performance.now();
    await page.locator('[data-test-subj="tablePaginationPopoverButton"]').click();
    await page.locator('[data-test-subj="tablePagination-100-rows"]').click();
    await answered;
    await page.locator(`${subj('keysTotal')}[data-state="ready"]`).waitFor();
    await expect.poll(() => page.locator(`${subj('apiKeysTable')} tbody tr`).count()).toBe(100);
    const hundredShown = performance.now();

    const distDir = inject('uiDistDir');
    const jsBytes = [...scripts].map((name) => {
      const source = readFileSync(join(distDir, 'assets', name));
      return { name, raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
    });
    expect(jsBytes.length).toBeGreaterThan(0);
    const measurements = {
      keys: KEYS,
      pageLoadToSignInFormMillis: Math.round(signInShown - pageStart),
      signInToFirstPageMillis: Math.round(tableShown - signInStart),
      pageSize100Millis: Math.round(hundredShown - pageSizeStart),
      jsLoaded: jsBytes,
      jsGzipTotal: jsBytes.reduce((sum, file) => sum + file.gzip, 0),
      jsRawTotal: jsBytes.reduce((sum, file) => sum + file.raw, 0),
    };
    writeFileSync(MEASUREMENT_FILE, `${JSON.stringify(measurements, null, 2)}\n`);
    await page.close();
  });
});
