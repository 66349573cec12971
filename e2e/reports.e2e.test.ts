// The reports in a real browser (issue #16): a Regents reviewer opens the statewide report, filters it by
// institution and endorsement, types a bad month (kept, with the message at the field), reads a range with
// nothing in it, and downloads a chart's CSV and the monthly PDF; the Red River issuer, after issuing three
// badges, opens the institution's badges report (and cannot open another's), on screen and in print. axe on every state; each state
// screenshotted; the charts' SVG must raise no CSP violation (the pages' style-src is 'self').
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { issueDemoBadge, signIn, signOut } from './support/session.ts';

const journey = useJourney();

async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output() }, async (page) => {
    const csp: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await fn(page);
    expect(csp).toEqual([]);
  });
}

describe('reports', () => {
  it('the statewide report: charts with tables, filters, a bad month, an empty range, CSV and PDF', async () => {
    await withPage('reports-statewide', async (page) => {
      const base = journey.server.url;
      await signIn(page, base, 'reviewer@regents.example.org');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Reports' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Statewide micro-credential report');
      // Every drawn chart is an image named by its title and summary, with its data table.
      const charts = page.locator('figure.laurel-chart');
      expect(await charts.count()).toBeGreaterThanOrEqual(9);
      expect(await page.locator('figure.laurel-chart svg[role="img"]').count()).toBeGreaterThanOrEqual(5);
      expect(await page.getByRole('table', { name: /Data for: Requests by state and month/ }).count()).toBe(1);
      await checkA11y(page, 'statewide report');
      await screenshot(page, 'reports-statewide');

      await page.getByLabel('Institution', { exact: true }).selectOption({ label: 'Red River Community College' });
      await page.getByLabel('Endorsement', { exact: true }).selectOption('endorsed');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/institution=red-river/);
      await expect.poll(() => page.getByRole('link', { name: /Open Red River Community College’s own report/ }).count()).toBe(1);
      await checkA11y(page, 'statewide report filtered');
      await screenshot(page, 'reports-statewide-filtered');

      const csv = page.locator('a[href*="/reports/charts/programs-by-level.csv"]');
      const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
      expect(download.suggestedFilename()).toMatch(/^statewide-programs-by-level-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv$/);
      const pdf = page.getByRole('link', { name: /Download the monthly report for .* \(PDF\)/ });
      const [pdfDownload] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
      expect(pdfDownload.suggestedFilename()).toMatch(/^laurel-report-\d{4}-\d{2}\.pdf$/);

      // A month typed wrong (a browser without a month picker sends what was typed) is kept and explained.
      await page.goto(`${base}/reports?from=2026-13&to=2026-11`);
      await expect.poll(() => page.getByText('Some filters need attention.').count()).toBe(1);
      await expect.poll(() => page.locator('#from-error').textContent()).toContain('YYYY-MM');
      expect(await page.locator('figure.laurel-chart').count()).toBe(0);
      await checkA11y(page, 'statewide report bad month');
      await screenshot(page, 'reports-statewide-bad-month');

      await page.goto(`${base}/reports?from=2019-01&to=2019-12`);
      await expect.poll(() => page.getByText(/No badge was issued/).count()).toBeGreaterThan(0);
      await checkA11y(page, 'statewide report empty range');
      await screenshot(page, 'reports-statewide-empty-range');
      await signOut(page);
    });
  });

  it('an institution’s badges report after issuing badges', async () => {
    const base = journey.server.url;
    for (const n of [1, 2, 3]) await issueDemoBadge(base, { email: `report${n}@example.com`, firstName: 'Report', lastName: `Learner${n}` });
    await withPage('reports-institution', async (page) => {
      await signIn(page, base, 'issuer@redriver.example.edu');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Reports' }).click();
      await page.waitForURL(/\/reports\/institutions\/red-river/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('badges report');
      const issued = page.locator('.laurel-tile').filter({ hasText: /issued/i }).first();
      await expect.poll(() => issued.textContent()).toMatch(/[3-9]|\d\d/);
      expect(await page.locator('figure.laurel-chart svg[role="img"]').count()).toBeGreaterThanOrEqual(1);
      await checkA11y(page, 'institution report');
      await screenshot(page, 'reports-institution');
      // Another institution's report is not theirs to read.
      const other = await page.goto(`${base}/reports/institutions/prairie-state`);
      expect(other?.status()).toBe(403);
      // The print layout keeps each figure whole.
      await page.goto(`${base}/reports/institutions/red-river`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('figure.laurel-chart').first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
      await screenshot(page, 'reports-institution-print');
      await page.emulateMedia({ media: 'screen' });
    });
  });
});
