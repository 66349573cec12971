// "Add to a wallet" in a browser: the earner's badge page shows the QR code (an image with alt text) and
// the button with the Learner Credential Wallet's deep link; the exchange it names answers a wallet's
// first step on the real server; "Make a new code" replaces it; axe on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { startBoth } from './support/journey.ts';
import type { RunningServer } from './support/server.ts';
import { issueDemoBadge, signIn } from './support/session.ts';

let server: RunningServer;
let browser: Browser;
let awardId: string;

beforeAll(async () => {
  await startBoth({ LAUREL_SIGNING_THREADS: '0' }, {}, (j) => {
    if (j.server) server = j.server;
    if (j.browser) browser = j.browser;
  });
  ({ awardId } = await issueDemoBadge(server.url, { email: 'student@example.com', firstName: 'Alex', lastName: 'Rivera' }));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The exchange URL a wallet reads from the deep link's `request` parameter. */
function vcapiOf(href: string): string {
  return (JSON.parse(new URL(href).searchParams.get('request')!) as { protocols: { vcapi: string } }).protocols.vcapi;
}

describe('add to a wallet', () => {
  it('shows the earner a QR code and a deep link to a working exchange, and makes a new one on request', async () => {
    await inContext({ browser, name: 'wallet', serverOutput: () => server.output() }, async (page) => {
      await signIn(page, server.url, 'student@example.com');
      await page.goto(`${server.url}/badges/${awardId}`);
      await expect.poll(() => page.getByRole('heading', { name: 'Add to a wallet' }).count()).toBe(1);
      const qr = page.getByRole('img', { name: /QR code that opens the Learner Credential Wallet/ });
      await expect.poll(() => qr.isVisible()).toBe(true);
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      const button = page.getByRole('link', { name: 'Open in the wallet app' });
      const href = (await button.getAttribute('href'))!;
      expect(href).toMatch(/^https:\/\/lcw\.app\/request\?request=/);
      const vcapi = vcapiOf(href);
      expect(vcapi.startsWith(`${server.url}/exchanges/`)).toBe(true);
      await checkA11y(page, 'badge page with wallet code');
      await screenshot(page, 'wallet-code');

      // The wallet's first step, as LCW sends it: POST {} → a DIDAuthentication request.
      const first = await fetch(vcapi, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(first.status).toBe(200);
      const vpr = ((await first.json()) as { verifiablePresentationRequest: { query: { type: string }[]; domain: string } }).verifiablePresentationRequest;
      expect(vpr.query[0]!.type).toBe('DIDAuthentication');
      expect(vpr.domain).toBe(new URL(server.url).origin);

      await page.getByRole('button', { name: 'Make a new code' }).click();
      await expect.poll(async () => vcapiOf((await page.getByRole('link', { name: 'Open in the wallet app' }).getAttribute('href'))!)).not.toBe(vcapi);
      const old = await fetch(vcapi, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(old.status).toBe(410);
      expect(((await old.json()) as { code: string }).code).toBe('wallet_exchange_expired');
      await checkA11y(page, 'badge page with a new wallet code');
    });
  });
});
