// Issue #19: axe (every WCAG 2.0/2.1/2.2 A and AA rule, axe's best practices, the experimental AA rules;
// AXE_OPTIONS in support/browser.ts) on the page states no other journey visits: importing a badge
// (empty, refused, imported), an earner's public profile (empty, with a badge, signed out), the issuer
// registry, revoking by CSV (the form, a refused upload, a preview with errors, the result), forms showing
// their validation messages, empty states — and every kind of HTML email Laurel sends, each shown as a
// page of its own. Every state is screenshotted into /work/wt/shots/A11Y (SHOTS_DIR) for a person to look at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, checkA11y, checkEmailA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { issueDemoBadge, signIn, signOut } from './support/session.ts';

const journey = useJourney();
const shots = { copyTo: process.env.SHOTS_DIR ?? path.join(os.tmpdir(), 'laurel-a11y-shots') };

async function withPage(name: string, fn: (page: Page, context: BrowserContext) => Promise<void>, viewport?: { width: number; height: number }): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output(), ...(viewport ? { viewport } : {}) }, fn);
}

/** Checks the page and takes its screenshot under one name. */
async function look(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await screenshot(page, `a11y-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`, shots);
}

describe('checkA11y itself', () => {
  it('fails on every violation whatever its impact, experimental and WCAG 2.2 rules included, naming rule, element and HTML', async () => {
    await withPage('a11y-self-test', async (page) => {
      // Each line breaks one rule only: a moderate best practice, an experimental 2.5.3 rule, a 2.2 AA
      // rule axe leaves off by default, and a serious 1.4.3 one.
      await page.setContent(`<!doctype html><html lang="en"><head><title>Self-test</title></head><body><main>
        <h1>Self-test</h1><h3>Skipped a level</h3>
        <a href="/x" aria-label="Open the record">Download</a>
        <p>Two targets: <button style="width:12px;height:12px;padding:0;border:0">a</button><button style="width:12px;height:12px;padding:0;border:0">b</button></p>
        <p style="color:#aaaaaa">Pale text</p></main></body></html>`);
      const lines = await axeViolations(page);
      for (const rule of ['heading-order (moderate)', 'label-content-name-mismatch (serious)', 'target-size (serious)', 'color-contrast (serious)']) expect(lines.join('\n')).toContain(rule);
      await expect(checkA11y(page, 'self-test')).rejects.toThrow(/axe on self-test/);
      expect(lines.find((l) => l.startsWith('label-content-name-mismatch'))).toContain('<a href="/x" aria-label="Open the record">Download</a>');
    });
  });
});

describe('page states no other journey visits', () => {
  it('portfolio import: empty, nothing chosen, not JSON (what was typed kept), then imported', async () => {
    const { credential } = await issueDemoBadge(journey.server.url, { email: 'a11y-import-source@example.com', firstName: 'Other', lastName: 'Earner' });
    await withPage('a11y-import', async (page) => {
      await signIn(page, journey.server.url, 'student@example.com');
      await page.goto(`${journey.server.url}/portfolio`);
      // Issue #19: the card's link is named by its visible text, then the badge (WCAG 2.5.3).
      await expect.poll(() => page.getByRole('link', { name: /^Open, share and download / }).count()).toBeGreaterThan(0);
      await look(page, 'portfolio');
      await page.getByRole('link', { name: 'Import a badge' }).click();
      await look(page, 'import empty');
      await page.getByRole('button', { name: 'Verify and import' }).click();
      await expect.poll(() => page.locator('#file-error').textContent()).toContain('Choose a badge file, or paste the badge JSON.');
      await look(page, 'import nothing chosen');
      await page.getByLabel('Or paste the badge’s link, JSON or JWT').fill('{ "this is": not json');
      await page.getByRole('button', { name: 'Verify and import' }).click();
      await expect.poll(() => page.locator('#text-error').textContent()).toContain('This is not valid JSON.');
      expect(await page.getByLabel('Or paste the badge’s link, JSON or JWT').inputValue()).toBe('{ "this is": not json');
      await look(page, 'import not json');
      await page.getByLabel('Or paste the badge’s link, JSON or JWT').fill(credential);
      await page.getByRole('button', { name: 'Verify and import' }).click();
      await page.waitForURL(/\/portfolio$/);
      await expect.poll(() => page.getByRole('heading', { name: 'Imported from other issuers' }).count()).toBe(1);
      await look(page, 'portfolio after import');
    });
  });

  it('public profile: with no public badge, with one, and signed out', async () => {
    await withPage('a11y-profile', async (page, context) => {
      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      await page.goto(`${journey.server.url}/portfolio`);
      await expect.poll(() => page.getByText('No badges yet.', { exact: false }).count()).toBe(1);
      await look(page, 'portfolio empty');
      await page.getByRole('link', { name: 'Your public profile' }).click();
      await expect.poll(() => page.getByText('No public badges.').count()).toBe(1);
      await look(page, 'public profile empty');
      await signOut(page);

      await signIn(page, journey.server.url, 'student@example.com');
      await page.goto(`${journey.server.url}/portfolio`);
      const publish = page.getByRole('button', { name: /^Make public: / });
      if ((await page.getByRole('button', { name: /^Make private: / }).count()) === 0) {
        await publish.first().click();
        await expect.poll(() => page.getByRole('button', { name: /^Make private: / }).count()).toBeGreaterThan(0);
      }
      await page.getByRole('link', { name: 'Your public profile' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(0);
      const profileUrl = page.url();
      await look(page, 'public profile');
      const stranger = await context.browser()!.newContext();
      const p2 = await stranger.newPage();
      await p2.goto(profileUrl);
      await expect.poll(() => p2.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(0);
      await look(p2, 'public profile signed out');
      await stranger.close();
    });
  });

  it('the issuer registry, signed out and on a phone', async () => {
    await withPage('a11y-registry', async (page) => {
      await page.goto(`${journey.server.url}/registry`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Issuer registry');
      await expect.poll(() => page.getByRole('table', { name: 'Issuers' }).getByRole('row').count()).toBeGreaterThan(1);
      await look(page, 'registry');
    });
    await withPage('a11y-registry-phone', async (page) => {
      await page.goto(`${journey.server.url}/registry`);
      await look(page, 'registry phone');
    }, { width: 390, height: 844 });
  });

  it('revoke by CSV: the form, a refused upload, a preview with errors, and the result', async () => {
    const issued = [];
    for (const n of [1, 2]) issued.push(await issueDemoBadge(journey.server.url, { email: `a11y-revoke${n}@example.com`, firstName: 'Revoke', lastName: `Number${n}` }));
    const csv = ['award_id,reason', `${issued[0]!.awardId},Issued in error`, 'not-an-award-id,Issued in error', `${issued[1]!.awardId},`, ''].join('\n');
    await withPage('a11y-revoke-csv', async (page) => {
      await signIn(page, journey.server.url, 'issuer@redriver.example.edu');
      await page.goto(`${journey.server.url}/issuing/revoke-csv`);
      await look(page, 'revoke csv form');
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await expect.poll(() => page.locator('#file-error').textContent()).toContain('Choose a CSV file.');
      await look(page, 'revoke csv no file');
      await page.locator('#file').setInputFiles({ name: 'revoke.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.waitForURL(/\/issuing\/status-batches\//);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Check the file before you revoke');
      await expect.poll(() => page.getByText('Rows with errors are listed below and will not be applied.').count()).toBe(1);
      await look(page, 'revoke csv preview with errors');
      await page.getByRole('button', { name: /^Revoke \d+ badges?$/ }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000, interval: 500 }).toContain('Revoking finished');
      await look(page, 'revoke csv result');
      await page.goto(`${journey.server.url}/issuing/revoke-csv`);
      await expect.poll(() => page.getByRole('table', { name: 'Recent revoke and suspend files' }).getByRole('link', { name: 'revoke.csv' }).count()).toBe(1);
      await look(page, 'revoke csv form with recent files');
    });
  });

  it('forms showing their validation messages, and empty lists', async () => {
    await withPage('a11y-forms', async (page) => {
      await signIn(page, journey.server.url, 'student@example.com');
      await page.goto(`${journey.server.url}/portfolio/emails`);
      await look(page, 'emails');
      await page.getByLabel('Add an email address').fill('not-an-address');
      await page.getByRole('button', { name: 'Send confirmation link' }).click();
      await expect.poll(() => page.locator('#email-error').count()).toBe(1);
      await look(page, 'emails with an error');
      await signOut(page);

      await signIn(page, journey.server.url, 'issuer@redriver.example.edu');
      await page.goto(`${journey.server.url}/issuing`);
      await page.getByRole('link', { name: /to one person$/ }).first().click();
      await look(page, 'issue one');
      await page.getByLabel('Recipient’s email address').fill('not-an-address');
      await page.getByLabel('Issue date (optional)').fill('2026-13-45');
      await page.getByRole('button', { name: 'Issue the badge' }).click();
      await expect.poll(() => page.locator('#recipient_email-error').count()).toBe(1);
      await look(page, 'issue one with errors');
      await signOut(page);

      await signIn(page, journey.server.url, 'admin@regents.example.org');
      await page.goto(`${journey.server.url}/admin/mailbox?to=${encodeURIComponent('nobody-at-all.example')}`);
      await expect.poll(() => page.getByText(/No messages to addresses containing/).count()).toBe(1);
      await look(page, 'mailbox empty');
      await page.goto(`${journey.server.url}/admin/audit?action=${encodeURIComponent('no.such_action')}`);
      await look(page, 'audit log empty');
      await page.goto(`${journey.server.url}/admin/users?q=${encodeURIComponent('nobody-matches-this')}`);
      await look(page, 'users empty');
    });
  });
});

/** Every message the file transport wrote, parsed as a mail program would. */
async function mailbox(): Promise<{ subject: string; html: string }[]> {
  const dir = path.join(journey.server.dataDir, 'mail');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
  return Promise.all(files.map(async (f) => simpleParser(fs.readFileSync(path.join(dir, f))).then((m) => ({ subject: m.subject ?? '', html: m.html || '' }))));
}

describe('HTML emails', () => {
  it('every kind Laurel sends passes axe as a page of its own', async () => {
    const base = journey.server.url;
    await issueDemoBadge(base, { email: 'a11y-mail@example.com', firstName: 'Mail', lastName: 'Reader' });
    await withPage('a11y-emails-trigger', async (page) => {
      await page.goto(`${base}/forgot-password`);
      await page.getByLabel('Email address').fill('student@example.com');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expect.poll(() => page.getByText('Check your email').count()).toBe(1);
      await signIn(page, base, 'student@example.com');
      await page.goto(`${base}/portfolio/emails`);
      await page.getByLabel('Add an email address').fill('a11y-second-address@example.com');
      await page.getByRole('button', { name: 'Send confirmation link' }).click();
      await expect.poll(() => page.getByText('a11y-second-address@example.com').count()).toBeGreaterThan(0);
      await signOut(page);
      await signIn(page, base, 'admin@prairiestate.example.edu');
      await page.getByRole('link', { name: 'Invite someone' }).click();
      await page.getByLabel('Email address').fill('a11y-invitee@prairiestate.example.edu');
      await page.getByLabel('Role').selectOption('issuer');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await expect.poll(() => page.getByText('Invitation sent to a11y-invitee@prairiestate.example.edu').count()).toBe(1);
    });
    const kinds = [/^You have earned a badge: /, /^Reset your Laurel password$/, /^Confirm your email address for Laurel$/, /^You are invited to join Prairie State University on Laurel$/];
    let mails: Awaited<ReturnType<typeof mailbox>> = [];
    await expect
      .poll(
        async () => {
          mails = await mailbox();
          return kinds.filter((k) => !mails.some((m) => k.test(m.subject))).map(String);
        },
        { timeout: 20_000, interval: 300 },
      )
      .toEqual([]);
    const monthly = await monthlyReportEmail();
    await withPage('a11y-emails', async (page) => {
      for (const kind of kinds) {
        const m = mails.find((x) => kind.test(x.subject))!;
        expect(m.html, m.subject).toBeTruthy();
        await checkEmailA11y(page, m.html, `email: ${m.subject}`);
        await screenshot(page, `a11y-email-${m.subject.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 40)}`, shots);
      }
      await checkEmailA11y(page, monthly, 'email: the monthly report');
      await screenshot(page, 'a11y-email-monthly-report', shots);
    });
  });
});

/**
 * The monthly report's email, drawn by the job's own renderer from a Laurel of its own (the report goes out
 * once a month, for a month the installation has seen end, so a fresh server sends none during the test).
 */
async function monthlyReportEmail(): Promise<string> {
  const [{ loadConfig }, { openLaurel }, { monthlyReport }, { renderChartPng }, { monthlyReportRenderer }, { SYSTEM }] = await Promise.all([
    import('../packages/server/src/config.ts'),
    import('../packages/server/src/app/compose.ts'),
    import('../packages/server/src/domain/reporting/monthly-report.ts'),
    import('../packages/server/src/web/charts/render.ts'),
    import('../packages/server/src/web/reports/monthly-email.ts'),
    import('../packages/server/src/domain/actor.ts'),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-a11y-report-'));
  const rt = await openLaurel(loadConfig({ LAUREL_DATA_DIR: dir, LAUREL_LOG_LEVEL: 'silent' }));
  try {
    const month = new Date().toISOString().slice(0, 7);
    const report = await monthlyReport(rt.deps, SYSTEM, month);
    return (await monthlyReportRenderer(rt.config, { png: renderChartPng })(report, month)).html;
  } finally {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
