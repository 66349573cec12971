// The foundation journey, in a real journey.browser against a real `laurel serve`: every demo role signs in to
// its own dashboard; an institution admin invites someone; the invitee accepts from the link in the
// Mailbox; a forgotten password is reset by emailed link. axe runs on every page visited.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';

const PASSWORD = 'laurel-demo-2026';

const journey = useJourney();

async function withPage(name: string, fn: (page: Page, context: BrowserContext) => Promise<void>, viewport?: { width: number; height: number }): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output(), ...(viewport ? { viewport } : {}) }, fn);
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${journey.server.url}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in$/);
}

/** Opens the newest message to `to` in the system admin's Mailbox (the worker sends within a second). */
async function openMail(page: Page, to: string, subject: RegExp): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto(`${journey.server.url}/admin/mailbox?to=${encodeURIComponent(to)}`);
        return page.getByRole('link', { name: subject }).count();
      },
      { timeout: 15_000, interval: 300 },
    )
    .toBeGreaterThan(0);
  await checkA11y(page, 'mailbox');
  await page.getByRole('link', { name: subject }).first().click();
  await checkA11y(page, 'mailbox message');
}

describe('foundation journey', () => {
  it('shows the public home page, accessible, with a sign-in link', async () => {
    await withPage('home', async (page) => {
      await page.goto(journey.server.url);
      await expect.poll(() => page.title()).toBe('Laurel');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Micro-credentials and digital badges');
      await expect.poll(() => page.getByText('Endorsed by State Regents').first().isVisible()).toBe(true);
      await checkA11y(page, 'home');
      await screenshot(page, 'home');
    });
  });

  const dashboards: [string, string][] = [
    ['admin@regents.example.org', 'System administration'],
    ['reviewer@regents.example.org', 'Regents staff reviewer'],
    ['chancellor@regents.example.org', 'Chancellor'],
    ['admin@prairiestate.example.edu', 'Prairie State University'],
    ['author@redriver.example.edu', 'Red River Community College'],
    ['issuer@redriver.example.edu', 'Red River Community College'],
    ['student@example.com', 'Your badges'],
  ];

  it('signs in as each demo role and shows that role’s dashboard', async () => {
    await withPage('dashboards', async (page) => {
      await page.goto(`${journey.server.url}/sign-in`);
      await checkA11y(page, 'sign-in');
      for (const [email, heading] of dashboards) {
        await signIn(page, email);
        await expect.poll(() => page.getByRole('heading', { level: 2, name: heading }).count(), { message: email }).toBeGreaterThan(0);
        await checkA11y(page, `dashboard ${email}`);
        await screenshot(page, `dashboard-${email.split('@')[0]}-${email.split('@')[1]!.split('.')[0]}`);
        await signOut(page);
      }
    });
  });

  it('refuses a wrong password with a message next to the form', async () => {
    await withPage('wrong-password', async (page) => {
      await page.goto(`${journey.server.url}/sign-in`);
      await page.getByLabel('Email address').fill('author@redriver.example.edu');
      await page.getByLabel('Password', { exact: true }).fill('wrong password here');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('The email address or password is not right');
      await checkA11y(page, 'sign-in error');
    });
  });

  it('lets an institution admin invite someone, who accepts from the mailbox link', async () => {
    await withPage('invite', async (page, context) => {
      await signIn(page, 'admin@prairiestate.example.edu');
      await page.getByRole('link', { name: 'Invite someone' }).click();
      await checkA11y(page, 'invite form');
      await page.getByLabel('Email address').fill('not-an-email');
      await page.getByLabel('Role').selectOption('issuer');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await expect.poll(() => page.locator('#email-error').textContent()).toContain('Enter an email address in the format');
      await checkA11y(page, 'invite form with errors');
      await page.getByLabel('Email address').fill('casey.new@prairiestate.example.edu');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await expect.poll(() => page.getByText('Invitation sent to casey.new@prairiestate.example.edu').count()).toBe(1);
      await checkA11y(page, 'users list');
      await signOut(page);

      await signIn(page, 'admin@regents.example.org');
      await openMail(page, 'casey.new@prairiestate.example.edu', /You are invited to join Prairie State University/);
      const link = await page.getByRole('link', { name: /\/invitations\// }).first().getAttribute('href');
      expect(link).toMatch(/\/invitations\//);
      await signOut(page);

      const invitee = await context.browser()!.newContext();
      const p2 = await invitee.newPage();
      await p2.goto(link!);
      await checkA11y(p2, 'accept invitation');
      await p2.getByLabel('Full name').fill('Casey Newman');
      await p2.getByLabel('New password', { exact: true }).fill('casey-long-password');
      await p2.getByLabel('Confirm new password').fill('casey-long-password');
      await p2.getByRole('button', { name: 'Create account and join' }).click();
      await p2.waitForURL(/\/dashboard$/);
      await expect.poll(() => p2.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Casey Newman');
      await expect.poll(() => p2.getByText('Issuer').first().isVisible()).toBe(true);
      await checkA11y(p2, 'new user dashboard');
      await invitee.close();
    });
  });

  it('resets a forgotten password by emailed link', async () => {
    await withPage('reset', async (page) => {
      await page.goto(`${journey.server.url}/sign-in`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await checkA11y(page, 'forgot password');
      await page.getByLabel('Email address').fill('student@example.com');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expect.poll(() => page.getByText('Check your email').count()).toBe(1);

      await signIn(page, 'admin@regents.example.org');
      await openMail(page, 'student@example.com', /Reset your Laurel password/);
      const link = await page.getByRole('link', { name: /\/reset-password\// }).first().getAttribute('href');
      await signOut(page);

      await page.goto(link!);
      await checkA11y(page, 'reset password');
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Confirm new password').fill('short');
      await page.getByRole('button', { name: 'Save new password' }).click();
      await expect.poll(() => page.locator('#password-error').textContent()).toContain('Use at least 10 characters');
      await page.getByLabel('New password', { exact: true }).fill('student-new-password');
      await page.getByLabel('Confirm new password').fill('student-new-password');
      await page.getByRole('button', { name: 'Save new password' }).click();
      await page.waitForURL(/\/sign-in$/);
      await expect.poll(() => page.getByText('Your password has been changed').count()).toBe(1);
      await signIn(page, 'student@example.com', 'student-new-password');
    });
  });

  it('walks the system admin through institutions, users, audit log and account pages', async () => {
    await withPage('admin-pages', async (page) => {
      await signIn(page, 'admin@regents.example.org');
      for (const [link, heading] of [
        ['Institutions', 'Institutions'],
        ['Users', 'Users'],
        ['Policy', 'Policy settings'],
        ['Audit log', 'Audit log'],
      ] as const) {
        await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Admin', exact: true }).click();
        await checkA11y(page, 'admin');
        await page.getByRole('main').getByRole('link', { name: link, exact: true }).click();
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
        await checkA11y(page, heading);
        await screenshot(page, `admin-${link.toLowerCase().replace(/\s/g, '-')}`);
      }
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Account', exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
      await checkA11y(page, 'account');
      await page.goto(`${journey.server.url}/admin/institutions/new`);
      await page.getByLabel('Name').fill('Prairie State University');
      await page.getByLabel('Slug').fill('prairie-state');
      await page.getByRole('button', { name: 'Add institution' }).click();
      await expect.poll(() => page.locator('#slug-error').textContent()).toContain('already taken');
      await checkA11y(page, 'institution form with errors');
      await screenshot(page, 'institution-duplicate');
    });
  });

  it('works on a phone-sized screen', async () => {
    await withPage(
      'phone',
      async (page) => {
        await signIn(page, 'admin@prairiestate.example.edu');
        await page.getByRole('button', { name: 'Menu' }).click();
        await expect.poll(() => page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Users', exact: true }).isVisible()).toBe(true);
        await checkA11y(page, 'phone menu', { behindModal: true });
        await screenshot(page, 'phone-menu');
      },
      { width: 390, height: 844 },
    );
  });
});
