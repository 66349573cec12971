// Issuing and the earner's portfolio in a real browser: the Red River issuer uploads a 25-row CSV with
// two bad rows, sees the errors in the preview, issues the 23 and watches the progress bar finish; a
// recipient opens the claim email from the Mailbox, creates an account, accepts, makes the badge public
// and downloads the PNG, whose baked credential verifies with @laurel/credentials. axe on every page.
import { extractPng, verifyCredential } from '@laurel/credentials';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, newContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn, signOut } from './support/session.ts';

const journey = useJourney();

async function withPage(name: string, fn: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output() }, fn);
}

function classCsv(): string {
  const rows = ['recipient_email,first_name,last_name,issued_at'];
  for (let i = 1; i <= 25; i++) rows.push(`learner${i}@example.com,Learner,Number${i},2026-05-15`);
  rows[5] = 'learner5-at-example.com,Bad,Email,2026-05-15';
  rows[12] = 'learner12@example.com,Bad,Date,2026-15-40';
  return `${rows.join('\n')}\n`;
}

describe('issuing and the portfolio', () => {
  it('bulk-issues from CSV, then a recipient claims, publishes, shares and downloads a verifiable badge', async () => {
    await withPage('issuing-journey', async (page, context) => {
      await signIn(page, journey.server.url, 'issuer@redriver.example.edu');
      await checkA11y(page, 'issuer dashboard');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Issuing' }).click();
      await checkA11y(page, 'issuing home');
      await screenshot(page, 'issuing-home');
      await page.getByRole('link', { name: /from a CSV file$/ }).first().click();
      await checkA11y(page, 'bulk upload');
      await page.locator('#file').setInputFiles({ name: 'spring-class.csv', mimeType: 'text/csv', buffer: Buffer.from(classCsv()) });
      await page.getByRole('button', { name: 'Upload and preview' }).click();
      await page.waitForURL(/\/issuing\/batches\//);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Check the file before issuing');
      await expect.poll(() => page.getByText('Enter an email address in the format name@example.edu.').count()).toBe(1);
      await expect.poll(() => page.getByText(/Enter the issue date as YYYY-MM-DD/).count()).toBe(1);
      await checkA11y(page, 'bulk preview');
      await screenshot(page, 'issuing-preview');
      await page.getByRole('button', { name: 'Issue 23 badges' }).click();
      await expect.poll(() => page.getByText(/Finished: 23 issued, 0 failed/).isVisible(), { timeout: 60_000, interval: 500 }).toBe(true);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toContain('Issuing finished');
      expect(await page.locator('progress').getAttribute('value')).toBe('100');
      await checkA11y(page, 'bulk finished');
      await screenshot(page, 'issuing-finished');
      await page.getByRole('link', { name: 'Download the error report (CSV)' }).isVisible();
      await page.goto(`${journey.server.url}/issuing/awards?q=learner7%40example.com`);
      await checkA11y(page, 'awards list');
      await screenshot(page, 'award-register');
      // The register's other states: filtered with dates and paged, empty, and a bad date.
      await page.goto(`${journey.server.url}/issuing/awards?issued_from=2026-05-15&issued_to=2026-05-15&status=pending`);
      await expect.poll(() => page.getByRole('link', { name: /^Download CSV/ }).count()).toBe(1);
      await checkA11y(page, 'awards filtered by dates');
      await page.goto(`${journey.server.url}/issuing/awards?q=nobody-matches-this`);
      await expect.poll(() => page.getByText('No award matches.').count()).toBe(1);
      await checkA11y(page, 'awards empty state');
      await page.goto(`${journey.server.url}/issuing/awards?issued_from=2026-02-30`);
      await expect.poll(() => page.getByText(/Use a date written YYYY-MM-DD/).count()).toBeGreaterThan(0);
      await checkA11y(page, 'awards bad date');
      await screenshot(page, 'award-register-error');
      await page.goto(`${journey.server.url}/issuing/awards?q=learner7%40example.com`);
      await page.getByRole('link', { name: 'Learner Number7' }).click();
      await checkA11y(page, 'award detail');
      await signOut(page);

      // The system admin finds the claim email in the Mailbox.
      await signIn(page, journey.server.url, 'admin@regents.example.org');
      await expect
        .poll(
          async () => {
            await page.goto(`${journey.server.url}/admin/mailbox?to=${encodeURIComponent('learner7@example.com')}`);
            return page.getByRole('link', { name: /You have earned a badge/ }).count();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      await page.getByRole('link', { name: /You have earned a badge/ }).first().click();
      await checkA11y(page, 'claim email');
      const link = await page.getByRole('link', { name: /\/claim\// }).first().getAttribute('href');
      expect(link).toMatch(/\/claim\//);
      await signOut(page);

      // The recipient, in a fresh browser: sees the badge without an account, creates one, accepts.
      const recipient = await context.browser()!.newContext();
      const p2 = await recipient.newPage();
      await p2.goto(link!);
      await checkA11y(p2, 'claim page');
      await screenshot(p2, 'claim-page');
      await p2.getByLabel('Your name').fill('Learner Seven');
      await p2.getByLabel('Choose a password').fill('learner-seven-password');
      await p2.getByRole('button', { name: 'Create account and accept' }).click();
      await p2.waitForURL(/\/portfolio$/);
      await checkA11y(p2, 'portfolio');
      await p2.getByRole('button', { name: /^Make public:/ }).click();
      await p2.waitForURL(/\/portfolio$/);
      await expect.poll(() => p2.getByText('Public', { exact: true }).first().isVisible()).toBe(true);
      await checkA11y(p2, 'portfolio public');
      await screenshot(p2, 'portfolio');
      await p2.getByRole('link', { name: /^Open, share and download / }).first().click();
      await p2.waitForURL(/\/badges\//);
      await expect.poll(() => p2.getByText('This badge is genuine, current and issued by an institution of the state system.').isVisible()).toBe(true);
      await checkA11y(p2, 'badge page');
      await screenshot(p2, 'badge-page');
      const badgeId = new URL(p2.url()).pathname.split('/').pop()!;

      // The button goes through Laurel (the click is counted), which answers 303 to LinkedIn's form.
      const via = (await p2.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href'))!;
      expect(via).toBe(`/badges/${badgeId}/linkedin`);
      const hop = await p2.request.get(`${journey.server.url}${via}`, { maxRedirects: 0 });
      expect(hop.status()).toBe(303);
      const linkedin = new URL(hop.headers()['location']!);
      expect(linkedin.origin + linkedin.pathname).toBe('https://www.linkedin.com/profile/add');
      expect(linkedin.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
      expect(linkedin.searchParams.get('organizationName')).toBe('Red River Community College');
      expect(linkedin.searchParams.get('issueYear')).toBe('2026');
      expect(linkedin.searchParams.get('issueMonth')).toBe('5');
      expect(linkedin.searchParams.get('certUrl')).toBe(`${journey.server.url}/badges/${badgeId}`);
      expect(linkedin.searchParams.get('certId')).toBe(badgeId);
      expect(linkedin.searchParams.get('name')).toBeTruthy();

      const [download] = await Promise.all([p2.waitForEvent('download'), p2.getByRole('link', { name: /Badge image \(PNG/ }).click()]);
      const chunks: Buffer[] = [];
      for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
      const png = Buffer.concat(chunks);
      const baked = extractPng(png);
      expect(baked?.version).toBe('3.0');
      // Verify as a third party would: DID documents (the institution's, and the Regents' for the
      // endorsement embedded in an endorsed program's badge) and status lists fetched over HTTP.
      const report = await verifyCredential(png, {
        resolveDid: async (did) => {
          const slug = /^did:web:[^:]+:orgs:([a-z0-9-]+)$/.exec(did)?.[1];
          if (!slug) return null;
          const res = await fetch(`${journey.server.url}/orgs/${slug}/did.json`);
          const doc = (await res.json()) as { id: string };
          return doc.id === did ? (doc as never) : null;
        },
        fetchStatusList: async (url) => (await fetch(url)).text(),
        recipient: { email: 'learner7@example.com' },
      });
      expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
      expect(report.verified).toBe(true);

      // Anyone can see the public badge; the public profile lists it.
      const anon = await journey.browser.newContext();
      const p3 = await anon.newPage();
      await p3.goto(`${journey.server.url}/badges/${badgeId}`);
      await checkA11y(p3, 'public badge page');

      // A link-preview crawler (no JavaScript, no cookies) gets complete Open Graph and Twitter tags
      // with an absolute 1200×630 PNG, so the badge previews on LinkedIn, Facebook and X.
      const html = await (await fetch(`${journey.server.url}/badges/${badgeId}`, { headers: { 'user-agent': 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)' } })).text();
      const meta = (attr: 'property' | 'name', key: string) => new RegExp(`<meta ${attr}="${key}" content="([^"]+)"`).exec(html)?.[1];
      expect(meta('property', 'og:title')).toMatch(/ — earned by Learner Number7$/);
      expect(meta('property', 'og:description')).toMatch(/^Issued by Red River Community College/);
      expect(meta('property', 'og:url')).toBe(`${journey.server.url}/badges/${badgeId}`);
      expect(meta('property', 'og:type')).toBe('website');
      expect(meta('property', 'og:image:width')).toBe('1200');
      expect(meta('property', 'og:image:height')).toBe('630');
      expect(meta('property', 'og:image:alt')).toContain('Red River Community College');
      expect(meta('name', 'twitter:card')).toBe('summary_large_image');
      const ogImage = meta('property', 'og:image')!;
      expect(ogImage).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/programs\/.+\/og\.png$/);
      expect(meta('name', 'twitter:image')).toBe(ogImage);
      const card = await fetch(ogImage);
      expect(card.status).toBe(200);
      expect(card.headers.get('content-type')).toBe('image/png');
      const cardPng = Buffer.from(await card.arrayBuffer());
      expect([cardPng.readUInt32BE(16), cardPng.readUInt32BE(20)]).toEqual([1200, 630]);
      expect(html).toContain(`<link rel="canonical" href="${journey.server.url}/badges/${badgeId}"`);
      expect(html).toContain(`<link rel="alternate" type="application/ld+json" href="${journey.server.url}/badges/${badgeId}.json"`);
      await anon.close();
      await recipient.close();
    });
  });
});
