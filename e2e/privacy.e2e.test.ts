// Leaving Laurel in a real browser (issue #20 point 5; docs/PRIVACY.md): the demo earner, holding a badge,
// opens "Delete your account" from their account page, is offered the export first, types a wrong
// password (the message stands at the field, the typed address is kept), then deletes the account and
// cannot sign in again; the badge's credential now verifies as revoked. A staff account is shown why it
// cannot. axe on every state; each screenshotted to /work/wt/shots/OPS4/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { DEMO_PASSWORD, issueDemoBadge, signIn } from './support/session.ts';

const journey = useJourney();
const SCREENS = '/work/wt/shots/OPS4';
const STUDENT = 'student@example.com';

async function shot(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await screenshot(page, name, { copyTo: SCREENS });
}

describe('account deletion', () => {
  it('the earner downloads first, confirms with their password, and leaves; their badge is revoked', async () => {
    const base = journey.server.url;
    const { credential } = await issueDemoBadge(base, { email: STUDENT, firstName: 'Alex', lastName: 'Rivera' });
    await inContext({ browser: journey.browser, name: 'privacy-delete', serverOutput: () => journey.server.output() }, async (page) => {
      await signIn(page, base, STUDENT);
      await page.goto(`${base}/account`);
      await page.getByRole('link', { name: 'Delete your account…' }).click();
      await page.waitForURL(/\/account\/delete$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete your account');
      expect(await page.getByRole('link', { name: 'Download all your badges (zip)' }).getAttribute('href')).toBe('/portfolio/export.zip');
      await shot(page, 'privacy-delete');

      await page.getByLabel('Type your email address to confirm').fill(STUDENT);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Delete my account permanently' }).click();
      await expect.poll(() => page.locator('.usa-error-message').first().textContent()).toBe('Your password is not right.');
      expect(await page.getByLabel('Type your email address to confirm').inputValue()).toBe(STUDENT);
      await shot(page, 'privacy-delete-error');

      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Delete my account permanently' }).click();
      await page.waitForURL(`${base}/`);
      await expect.poll(() => page.getByText('Your account was deleted.').count()).toBe(1);
      await shot(page, 'privacy-deleted');

      await page.goto(`${base}/sign-in`);
      await page.getByLabel('Email address').fill(STUDENT);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('.usa-alert--error, .usa-error-message').count()).toBeGreaterThan(0);
      expect(page.url()).toContain('/sign-in');
    });
    // A copy of the badge kept elsewhere no longer verifies.
    const res = await fetch(`${base}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential: JSON.parse(credential) as object }) });
    const report = (await res.json()) as { verified: boolean; checks: { id: string; status: string }[] };
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.id === 'status')?.status).toBe('failed');
  });

  it('a staff account is told to have its roles removed first', async () => {
    const base = journey.server.url;
    await inContext({ browser: journey.browser, name: 'privacy-delete-staff', serverOutput: () => journey.server.output() }, async (page) => {
      await signIn(page, base, 'issuer@redriver.example.edu');
      await page.goto(`${base}/account/delete`);
      await expect.poll(() => page.getByRole('heading', { name: 'Your account holds staff roles' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Delete my account permanently' }).count()).toBe(0);
      await shot(page, 'privacy-delete-staff');
    });
  });
});
