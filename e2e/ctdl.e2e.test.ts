// CTDL publishing in a real browser (issue #17 item 4), against a stand-in Registry Assistant this test
// starts on 127.0.0.1: the server publishes the demo's listed programs in the background; the system
// admin opens Administration → CTDL publishing, waits (by reloading, no sleeps) until nothing is waiting,
// presses "Publish now", and follows a program's CTDL link. A program page links its CTDL document. axe on
// each state; each screenshotted.
import { afterAll, describe, expect, it } from 'vitest';
import { startStandInRegistry } from '../packages/server/test/support/ctdl-registry.ts';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn, signOut } from './support/session.ts';

const KEY = 'e2e-registry-key';
const registry = await startStandInRegistry(KEY);
const journey = useJourney({ LAUREL_CTDL_REGISTRY_URL: registry.url, LAUREL_CTDL_API_KEY: KEY, LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' });
afterAll(() => registry.close());

describe('CTDL publishing', () => {
  it('the publishing page, Publish now, and a program’s CTDL document', async () => {
    await inContext({ browser: journey.browser, name: 'ctdl-publishing', serverOutput: () => journey.server.output() }, async (page) => {
      const base = journey.server.url;
      await signIn(page, base, 'admin@regents.example.org');
      await page.goto(`${base}/admin`);
      await page.getByRole('link', { name: 'CTDL publishing' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('CTDL publishing');
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByText('0 waiting to be sent').count();
          },
          { timeout: 60_000, interval: 500 },
        )
        .toBe(1);
      expect(await page.getByText(/^\d+ published$/).count()).toBe(1);
      expect(registry.requests.filter((r) => r.path === '/assistant/credential/publishGraph').length).toBeGreaterThan(40);
      await checkA11y(page, 'CTDL publishing');
      await screenshot(page, 'ctdl-publishing');

      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.waitForURL(/\/admin\/ctdl\?queued=\d+$/);
      await expect.poll(() => page.getByText(/programs were queued for publishing/).count()).toBe(1);
      await checkA11y(page, 'CTDL publishing after Publish now');
      await screenshot(page, 'ctdl-publishing-queued');

      const docLink = page.getByRole('link', { name: /^JSON-LD of / }).first();
      const href = await docLink.getAttribute('href');
      expect(href).toMatch(/^\/programs\/[0-9a-f-]+\.ctdl\.json$/);
      const res = await page.request.get(`${base}${href}`);
      expect(res.headers()['content-type']).toBe('application/ld+json; charset=utf-8');
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc['ceterms:ctid']).toMatch(/^ce-/);

      await page.goto(`${base}${href!.replace('.ctdl.json', '')}`);
      expect(await page.locator('link[rel="alternate"][type="application/ld+json"]').getAttribute('href')).toBe(`${base}${href}`);
      await signOut(page);
    });
  });
});
