// The passkey journey in Chromium with its CDP virtual authenticator (a platform authenticator with
// user verification, answering by itself): a demo user adds a passkey on /account, signs out, signs in
// with the password, uses the passkey at the second step and lands on the dashboard. The server is
// opened as http://localhost:<port> — a secure context whose host is a valid relying-party id (an IP
// address, such as 127.0.0.1, is not). axe runs on every page visited.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { DEMO_PASSWORD, signIn, signOut } from './support/session.ts';

const journey = useJourney({}, { host: 'localhost' });
/** Pictures for the person reviewing the change, outside the repository. */
const shot = (name: string) => path.join(os.tmpdir(), `passkeys-${name}.png`);

describe('passkey journey', () => {
  it('adds a passkey on /account, then signs in with password and passkey', async () => {
    await inContext({ browser: journey.browser, name: 'passkeys', serverOutput: () => journey.server.output() }, async (page, context) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable', { enableUI: false });
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      const base = journey.server.url;
      const email = 'issuer@redriver.example.edu';

      await signIn(page, base, email);
      await page.goto(`${base}/account`);
      await expect.poll(() => page.getByText('You have no passkeys.').isVisible()).toBe(true);
      await checkA11y(page, 'account (no passkeys)');
      await page.getByRole('link', { name: 'Add a passkey' }).click();
      await page.waitForURL(/\/account\/passkeys\/add$/);
      // With JavaScript the button is shown and the "needs JavaScript" note is not.
      await expect.poll(() => page.getByRole('button', { name: 'Add a passkey' }).isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Passkeys need JavaScript').isVisible()).toBe(false);
      await checkA11y(page, 'add a passkey');
      await page.getByLabel('Name (optional)').fill('This browser');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.waitForURL(/\/account$/);
      await expect.poll(() => page.getByText('Passkey “This browser” added.').isVisible()).toBe(true);
      const section = page.locator('section[aria-labelledby="passkeys-h"]');
      await expect.poll(() => section.getByRole('rowheader', { name: 'This browser' }).isVisible()).toBe(true);
      await checkA11y(page, 'account (one passkey)');
      await section.screenshot({ path: shot('account') });
      const stored = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(stored.credentials).toHaveLength(1);
      expect(stored.credentials[0]!.rpId).toBe('localhost');

      await signOut(page);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/sign-in\/verify/);
      await expect.poll(() => page.getByRole('heading', { name: 'Use a passkey' }).isVisible()).toBe(true);
      await checkA11y(page, 'second step');
      await page.screenshot({ path: shot('second-step'), fullPage: true });
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.waitForURL(/\/dashboard$/);
      await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      await checkA11y(page, 'dashboard after passkey');
      const used = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(used.credentials[0]!.signCount).toBeGreaterThan(0);
    });
  });
});
