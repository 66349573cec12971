// The public verifier in a browser: a badge issued here is pasted and verified with JavaScript off;
// a tampered copy fails on its signature; axe on the pages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { startBoth } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';
import { issueDemoBadge } from './support/session.ts';

let server: RunningServer;
let browser: Browser;
let credential: string;

beforeAll(async () => {
  await startBoth({ LAUREL_SIGNING_THREADS: '0' }, {}, (j) => {
    if (j.server) server = j.server;
    if (j.browser) browser = j.browser;
  });
  ({ credential } = await issueDemoBadge(server.url, { email: 'verify-e2e@example.com', firstName: 'Vera', lastName: 'Fier' }));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('verifier page', () => {
  it('is accessible', async () => {
    await inContext({ browser, name: 'verify-axe', serverOutput: () => server.output() }, async (page) => {
      await page.goto(`${server.url}/verify`);
      await checkA11y(page, 'verify');
      await page.getByLabel('The badge’s JSON, or its compact JWT').fill(credential);
      await page.getByRole('button', { name: 'Verify the text' }).click();
      await expect.poll(() => page.getByText('This badge is genuine, current and issued by an institution of the state system.').count()).toBe(1);
      await checkA11y(page, 'verify result');
      await screenshot(page, 'verify-result');
    });
  });

  it('verifies with JavaScript disabled, and fails a tampered copy on its signature', async () => {
    await inContext({ browser, name: 'verify-nojs', serverOutput: () => server.output(), javaScriptEnabled: false }, async (page) => {
      await page.goto(`${server.url}/verify`);
      await page.getByLabel('The badge’s JSON, or its compact JWT').fill(credential);
      await page.getByRole('button', { name: 'Verify the text' }).click();
      await expect.poll(() => page.getByText('This badge is genuine, current and issued by an institution of the state system.').count()).toBe(1);
      const tampered = JSON.parse(credential) as { credentialSubject: { achievement: { name: string } } };
      tampered.credentialSubject.achievement.name += ' (forged)';
      await page.getByLabel('The badge’s JSON, or its compact JWT').fill(JSON.stringify(tampered));
      await page.getByRole('button', { name: 'Verify the text' }).click();
      await expect.poll(() => page.getByText('This badge did not verify.').count()).toBe(1);
      const signature = page.locator('li', { hasText: 'Signature.' });
      await expect.poll(() => signature.textContent()).toMatch(/^Failed/);
      await expect.poll(() => page.getByText(/What it says cannot be trusted/).count()).toBe(1);
      await screenshot(page, 'verify-tampered', { copyTo: '/work/wt/shots/U1' });
    });
  });

  it('verifies an uploaded file without putting the form token in the address bar', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-verify-'));
    const file = path.join(dir, 'badge.json');
    fs.writeFileSync(file, credential);
    await inContext({ browser, name: 'verify-upload', serverOutput: () => server.output() }, async (page) => {
      await page.goto(`${server.url}/verify`);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByRole('button', { name: 'Verify the file' }).click();
      await expect.poll(() => page.getByText('This badge is genuine, current and issued by an institution of the state system.').count()).toBe(1);
      expect(page.url()).toBe(`${server.url}/verify`);
      await expect.poll(() => page.locator('.laurel-verify-facts').textContent()).toMatch(/Issued by/);
      await checkA11y(page, 'verify upload result');
      await screenshot(page, 'verify-upload-result', { copyTo: '/work/wt/shots/U1' });
    });
  });
});
