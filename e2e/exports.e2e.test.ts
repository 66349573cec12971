// The export pages in Chromium, with axe on each: Prairie State's institution admin opens "Export
// everything" from the dashboard, reads what is inside, confirms, watches the export's page (its script
// follows the export) until the zip is ready, and downloads it; the zip holds the manifest and the credentials.
import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/session.ts';

const journey = useJourney();

async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output() }, fn);
}

describe('export pages', () => {
  it('exports everything of an institution: confirm, progress, download', async () => {
    await withPage('exports-admin', async (page) => {
      await signIn(page, journey.server.url, 'admin@prairiestate.example.edu');
      await page.getByRole('link', { name: 'Export everything', exact: true }).click();
      await page.waitForURL(/\/admin\/institutions\/prairie-state\/exports$/);
      await expect.poll(() => page.getByText('No exports yet').isVisible()).toBe(true);
      await checkA11y(page, 'exports (none yet)');
      await screenshot(page, 'exports-list-empty');

      await page.getByRole('link', { name: 'Export everything', exact: true }).click();
      await page.waitForURL(/\/exports\/new$/);
      await checkA11y(page, 'confirm the export');
      await screenshot(page, 'exports-confirm');
      await page.getByRole('button', { name: 'Start the export' }).click();
      await page.waitForURL(/\/admin\/exports\/[0-9a-f-]+$/);
      await checkA11y(page, 'the export, just started');
      await screenshot(page, 'exports-started');

      // The page's script follows the export through the API and shows the download when it is ready.
      await expect.poll(() => page.getByRole('heading', { name: 'The export is ready' }).isVisible(), { timeout: 60_000 }).toBe(true);
      expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
      await checkA11y(page, 'the export, ready');
      await screenshot(page, 'exports-ready');

      const link = page.getByRole('link', { name: /^Download laurel-prairie-state-export-.*\.zip \(/ });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const file = await download.path();
      const files = unzipSync(new Uint8Array(fs.readFileSync(file)));
      const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { organization: { slug: string }; counts: Record<string, number> };
      expect(manifest.organization.slug).toBe('prairie-state');
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['awards.csv', 'awards-credentials.jsonl', 'programs.csv', 'README.txt']));

      await page.getByRole('link', { name: 'Exports', exact: true }).click();
      await page.waitForURL(/\/admin\/institutions\/prairie-state\/exports$/);
      await expect.poll(() => page.getByRole('table').textContent()).toContain('Ready');
      await checkA11y(page, 'exports (one ready)');
      await screenshot(page, 'exports-list');
    });
  });

  it('exports the whole state for the system admin, from Administration', async () => {
    await withPage('exports-state', async (page) => {
      await signIn(page, journey.server.url, 'admin@regents.example.org');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Admin', exact: true }).click();
      await page.getByRole('main').getByRole('link', { name: 'Export everything', exact: true }).click();
      await page.waitForURL(/\/admin\/exports$/);
      await checkA11y(page, 'state exports');
      await page.getByRole('link', { name: 'Export everything', exact: true }).click();
      await page.getByRole('button', { name: 'Start the export' }).click();
      await page.waitForURL(/\/admin\/exports\/[0-9a-f-]+$/);
      await expect.poll(() => page.getByRole('heading', { name: 'The export is ready' }).isVisible(), { timeout: 60_000 }).toBe(true);
      await checkA11y(page, 'state export, ready');
      await screenshot(page, 'exports-state-ready');
      expect(await page.getByRole('link', { name: /^Download laurel-state-export-.*\.zip \(/ }).count()).toBe(1);
    });
  });
});
