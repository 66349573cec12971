// Campus single sign-on in Chromium against a real SAML IdP started by the test (samlify, its own
// signing key): Prairie State's institution admin adds the IdP on the sign-in settings pages, then a
// faculty member chooses "Prairie State University" on Laurel's sign-in page, signs in on the IdP's
// own login page, and lands in Laurel as a program author; the choice is remembered on the device;
// signing out goes through the IdP's single logout. axe runs on every page, the IdP's included.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSamlIdp, type SamlIdp } from '../packages/server/test/support/saml-idp.ts';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn, signOut } from './support/session.ts';

const DOMAIN = 'prairiestate.example.edu';
const journey = useJourney();
let idp: SamlIdp;

beforeAll(async () => {
  idp = await startSamlIdp({
    users: [{ username: 'ada', password: 'analytical-engine', displayName: 'Ada Lovelace', mail: `ada@${DOMAIN}`, eppn: `ada@${DOMAIN}`, affiliations: [`faculty@${DOMAIN}`] }],
  });
});
afterAll(async () => idp?.close());

async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output() }, fn);
}

describe('campus single sign-on journey', () => {
  it('lets the institution admin add the campus SAML IdP from the sign-in settings pages', async () => {
    await withPage('sso-admin', async (page) => {
      await signIn(page, journey.server.url, `admin@${DOMAIN}`);
      await page.getByRole('link', { name: 'Sign-in and single sign-on' }).click();
      await page.waitForURL(/\/admin\/institutions\/prairie-state\/sign-in$/);
      await expect.poll(() => page.getByText('No identity providers yet').isVisible()).toBe(true);
      await checkA11y(page, 'sign-in settings (empty)');
      await page.getByRole('link', { name: 'Add a SAML 2.0 identity provider' }).click();
      await checkA11y(page, 'add SAML IdP');
      await page.getByLabel('IdP metadata (paste the XML)').fill(idp.metadataXml);
      await page.getByLabel('Email domains').fill(DOMAIN);
      await page.getByLabel('Role rules').fill('faculty = program_author');
      await page.getByRole('button', { name: 'Add identity provider' }).click();
      await page.waitForURL(/\/sign-in\/[0-9a-f-]+$/);
      await expect.poll(() => page.getByText('was added').isVisible()).toBe(true);
      const metadataUrl = (await page.locator('code', { hasText: '/metadata' }).first().textContent())!.trim();
      expect(metadataUrl.startsWith(`${journey.server.url}/sso/saml/`)).toBe(true);
      await checkA11y(page, 'SAML IdP saved');
      await screenshot(page, 'sso-idp-saved');
      // The IdP's administrator loads Laurel's SP metadata from that address.
      const res = await fetch(metadataUrl);
      expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
      idp.addServiceProvider(await res.text());
      await signOut(page);
    });
  });

  it('signs a faculty member in with Prairie State University and lands them in Laurel as a program author', async () => {
    await withPage('sso-sign-in', async (page) => {
      await page.goto(`${journey.server.url}/sign-in`);
      await expect.poll(() => page.getByRole('heading', { name: 'Sign in with your institution' }).isVisible()).toBe(true);
      await checkA11y(page, 'sign-in with institutions');
      await page.getByLabel('Your institution', { exact: true }).selectOption({ label: 'Prairie State University' });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((u) => u.href.startsWith(idp.url));
      await checkA11y(page, "the IdP's login page");
      await screenshot(page, 'sso-idp-login');
      await page.getByLabel('Username').fill('ada');
      await page.getByLabel('Password').fill('analytical-engine');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboard$/);
      await expect.poll(() => page.getByText('Ada Lovelace').first().isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Program author').first().isVisible()).toBe(true);
      await checkA11y(page, 'dashboard after SSO');
      await screenshot(page, 'sso-dashboard');

      // Signing out goes through the IdP's single logout and back.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
      await expect.poll(() => page.getByText('You have signed out of Laurel and Prairie State University.').isVisible()).toBe(true);
      expect(idp.received.logoutRequests.length).toBeGreaterThan(0);
      // The institution is remembered on this device.
      await expect.poll(() => page.getByRole('link', { name: 'Sign in with Prairie State University' }).isVisible()).toBe(true);
      await checkA11y(page, 'sign-in with remembered institution');
      await screenshot(page, 'sso-remembered');
    });
  });
});
