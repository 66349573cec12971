// Issue #19's journeys in a real browser, where the browser is the point: the same section open in two
// tabs (the second save keeps what was typed and shows both versions), the narrative's character count
// updating as the author types (with a throttled live announcement), a long unbroken word that must not
// widen the review page, and a look (axe + screenshot) at every page the issue changed.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn, signOut } from './support/session.ts';

const journey = useJourney();
const SHOTS = process.env.LAUREL_SHOTS_DIR;

async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output() }, async (page) => fn(page));
}

async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name, SHOTS ? { copyTo: SHOTS } : {});
}

/** Starts a draft as the Red River author; returns its request page's URL. */
async function startDraft(page: Page, title: string): Promise<string> {
  await page.goto(`${journey.server.url}/requests/new`);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Credential type').selectOption('micro_credential');
  await page.getByRole('button', { name: 'Start the request' }).click();
  await page.waitForURL(/\/edit\/basics$/);
  return page.url().replace(/\/edit\/basics$/, '');
}

describe('issue #19: request form in the browser', () => {
  it('keeps what the second tab typed when the first saved the section, and shows both versions', async () => {
    await withPage('request-two-tabs', async (page) => {
      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      const url = await startDraft(page, 'Two Tabs in Chromium');
      await checkA11y(page, 'brand-new draft, basics');
      expect(await page.locator('.usa-error-message').count()).toBe(0);
      await shot(page, 'u2-new-draft-basics');
      const other = await page.context().newPage();
      await other.goto(`${url}/edit/basics`);
      await other.getByLabel('Department or unit').fill('Their Department');
      await other.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => other.getByText('Draft saved.').count()).toBe(1);
      await page.getByLabel('Department or unit').fill('My Department');
      await page.getByRole('group', { name: 'Contact person' }).getByLabel('Name').fill('Sam Mine');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => page.getByRole('heading', { name: /Someone else saved this section/ }).count()).toBe(1);
      expect(await page.getByLabel('Department or unit').inputValue()).toBe('My Department');
      expect(await page.getByRole('group', { name: 'Contact person' }).getByLabel('Name').inputValue()).toBe('Sam Mine');
      const table = page.locator('#conflict-table');
      await expect.poll(() => table.textContent()).toContain('Their Department');
      expect(await table.textContent()).toContain('My Department');
      await checkA11y(page, 'conflict');
      await shot(page, 'u2-section-conflict');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => page.getByText('Draft saved.').count()).toBe(1);
      expect(await page.getByLabel('Department or unit').inputValue()).toBe('My Department');
      await other.close();

      // "four" credit hours stays "four", next to its message.
      await page.goto(`${url}/edit/curriculum`);
      await page.getByRole('group', { name: 'Course 1' }).getByLabel('Credit hours').fill('four');
      await page.getByRole('group', { name: 'Course 1' }).getByLabel('Prefix').fill('WLD');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => page.locator('#courses-0-credit_hours-error').textContent()).toBe('Enter a number.');
      expect(await page.getByRole('group', { name: 'Course 1' }).getByLabel('Credit hours').inputValue()).toBe('four');
      expect(await page.locator('#error-summary li').count()).toBe(1);
      await checkA11y(page, 'credit hours typed');
      await shot(page, 'u2-credit-hours-typed');
      await signOut(page);
    });
  });

  it('counts the narrative’s characters as the author types, announcing once typing pauses', async () => {
    await withPage('request-char-count', async (page) => {
      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      const url = await startDraft(page, 'Counting Characters');
      await page.goto(`${url}/edit/description`);
      const count = page.locator('#narrative-count');
      await expect.poll(() => count.textContent()).toBe('You have 500 characters remaining (limit 500)');
      await page.getByLabel('Narrative description').pressSequentially('Earners weld.');
      await expect.poll(() => count.textContent()).toBe('You have 487 characters remaining (limit 500)');
      // The live region speaks once typing has paused (polled, not timed).
      await expect.poll(() => page.locator('#narrative-count-live').textContent(), { timeout: 5000 }).toBe('You have 487 characters remaining (limit 500)');
      expect(await page.locator('#narrative-count-live').getAttribute('aria-live')).toBe('polite');
      await page.getByLabel('Narrative description').fill('x'.repeat(501));
      await expect.poll(() => count.textContent()).toBe('You have 1 character too many (limit 500)');
      await page.getByLabel('Public program URL').fill('ftp://redriver.example.edu/x');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => page.locator('#narrative-error').textContent()).toContain('501 characters');
      expect(await page.locator('#program_url-error').textContent()).toContain('https://');
      expect((await page.getByLabel('Narrative description').inputValue()).length).toBe(501);
      expect(await page.getByLabel('Public program URL').inputValue()).toBe('ftp://redriver.example.edu/x');
      await checkA11y(page, 'description refused');
      await shot(page, 'u2-description-validated-on-save');
      await signOut(page);
    });
  });

  it('wraps a long unbroken word instead of widening the request page', async () => {
    await withPage('request-long-word', async (page) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      const word = 'Supercalifragilistic'.repeat(10);
      const url = await startDraft(page, `Long ${word}`);
      await page.goto(`${url}/edit/description`);
      await page.getByLabel('Narrative description').fill(`Earners ${word} weld.`);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => page.getByText('Draft saved.').count()).toBe(1);
      await page.goto(url);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(1280);
      // The draft's Submit button says why it cannot be submitted yet.
      const submit = page.getByRole('button', { name: 'Submit for review', exact: true });
      expect(await submit.isDisabled()).toBe(true);
      await expect.poll(() => page.locator('#submit-blocked').textContent()).toMatch(/can’t be submitted yet: \d+ policy rules are not met/);
      await checkA11y(page, 'draft with a long word, submit blocked');
      await shot(page, 'u2-request-long-word-submit-blocked');
      await signOut(page);
    });
  });

  it('walks the review: change request first for the author, withdraw confirmed, diff for the reviewer, public link when approved', async () => {
    await withPage('request-review-journey', async (page) => {
      const base = journey.server.url;
      const api = async (method: 'POST' | 'PATCH', path: string, data: unknown) => {
        const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
        const res = await page.request.fetch(`${base}${path}`, { method, data, headers: { 'x-csrf-token': csrf ?? '' } });
        expect(res.status(), await res.text()).toBeLessThan(300);
        return (await res.json()) as { id: string; program_id?: string };
      };
      const act = async (label: string, comment?: string) => {
        const form = page.locator('form').filter({ has: page.getByRole('button', { name: label, exact: true }) });
        if (comment) await form.getByRole('textbox').fill(comment);
        await form.getByRole('button', { name: label, exact: true }).click();
        await expect.poll(() => page.getByText(`Done: ${label}.`).count(), { message: label }).toBe(1);
      };
      await signIn(page, base, 'author@redriver.example.edu');
      const created = await api('POST', '/api/v1/requests', {
        title: 'Welding Inspection Basics',
        credential_type: 'micro_credential',
        level: 'foundational',
        department: 'Trades',
        contact: { name: 'Jordan Lee', title: 'Coordinator', email: 'jordan@redriver.example.edu', phone: '555-0100' },
        narrative: 'Earners inspect welds against the code and document what they find.',
        program_url: 'https://redriver.example.edu/programs/weld-inspection',
        focus_areas: ['career_preparation'],
        courses: [{ prefix: 'WLD', number: '1113', title: 'Weld Inspection', credit_hours: 3, assessment: 'Practical exam' }],
        outcomes: ['Inspect a weld against the code'],
        skills: ['Weld inspection', 'Visual testing', 'Code compliance', 'Defect documentation', 'Shop safety'],
        criteria: 'Pass the course with a C or better.',
        delivery_mode: 'in_person',
      });
      const url = `${base}/requests/${created.id}`;
      await page.goto(url);
      await act('Submit for review');
      await signOut(page);

      await signIn(page, base, 'reviewer@regents.example.org');
      await page.goto(url);
      await act('Start review');
      await act('Request changes', 'Add an outcome about documenting defects for the employer.');
      await signOut(page);

      await signIn(page, base, 'author@redriver.example.edu');
      await page.goto(url);
      const notice = page.locator('section').filter({ has: page.locator('#change-request-h') });
      await expect.poll(() => notice.textContent()).toContain('Add an outcome about documenting defects for the employer.');
      const order = await page.evaluate(() => {
        const y = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().top;
        return { notice: y('#change-request-h'), actions: y('#actions-h') };
      });
      expect(order.notice).toBeLessThan(order.actions);
      const buttons = await page.locator('.laurel-actionbox').getByRole('button').or(page.locator('.laurel-actionbox').getByRole('link')).allTextContents();
      expect(buttons.map((b) => b.trim())).toEqual(['Resubmit', 'Withdraw the request…']);
      await checkA11y(page, 'author sees the change request');
      await shot(page, 'u2-author-change-request');
      await page.getByRole('link', { name: 'Withdraw the request…' }).click();
      await page.waitForURL(/\/withdraw$/);
      await checkA11y(page, 'withdraw confirmation');
      await shot(page, 'u2-withdraw-confirm');
      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.waitForURL(url);
      await page.goto(`${url}/edit/outcomes`);
      const outcomes = page.getByLabel('Learning outcomes or competencies');
      await outcomes.fill(`${await outcomes.inputValue()}\nDocument defects for the employer`);
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.waitForURL(/\/edit\/criteria$/);
      await page.goto(url);
      await act('Resubmit', 'Added the outcome.');
      await signOut(page);

      await signIn(page, base, 'reviewer@regents.example.org');
      await page.goto(url);
      const diff = page.locator('#review-diff');
      await expect.poll(() => diff.textContent()).toContain('Document defects for the employer');
      expect(await diff.textContent()).toContain('Changes since your review');
      await checkA11y(page, 'reviewer sees the changes');
      await shot(page, 'u2-reviewer-diff');
      await act('Start review');
      await act('Recommend approval to the Chancellor');
      await signOut(page);

      await signIn(page, base, 'chancellor@regents.example.org');
      await page.goto(url);
      await act('Approve (Endorsed by State Regents)');
      await page.getByRole('link', { name: 'View the public program page' }).click();
      await page.waitForURL(/\/programs\//);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Welding Inspection Basics');
      await page.goBack();
      await checkA11y(page, 'approved request');
      await shot(page, 'u2-approved-public-link');
    });
    // Six sign-ins and four roles on a shared two-core machine: more than the default two minutes.
  }, 300_000);
});

describe('issue #19: issuing in the browser', () => {
  it('names the holder when a student id that holds the badge is issued to a new address', async () => {
    await withPage('issuing-duplicate-student-id', async (page) => {
      await signIn(page, journey.server.url, 'issuer@redriver.example.edu');
      await page.goto(`${journey.server.url}/issuing`);
      await page.getByRole('link', { name: /to one person$/ }).first().click();
      const issueUrl = page.url();
      const issue = async (email: string) => {
        await page.goto(issueUrl);
        await page.getByLabel('Recipient’s email address').fill(email);
        await page.getByLabel('First name').fill('Riley');
        await page.getByLabel('Last name').fill('Stone');
        await page.getByLabel('Student or employee id (optional)').fill('RR-77');
        await page.getByRole('button', { name: 'Issue the badge' }).click();
      };
      await issue('riley.stone@example.com');
      await page.waitForURL(/\/issuing\/awards\//);
      await issue('riley.new@example.com');
      await expect.poll(() => page.locator('#issuer_earner_id-error').textContent()).toContain('riley.stone@example.com');
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('Student id RR-77 already holds the badge');
      expect(text).not.toMatch(/riley\.new@example\.com already has/);
      await checkA11y(page, 'duplicate by student id');
      await shot(page, 'u2-issuing-duplicate-student-id');
    });
  });
});
