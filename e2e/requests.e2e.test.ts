// Issue 4's journeys in a real browser: an author at the community college fills the whole Request Form
// (10 credit hours first — blocked, with the reason next to the rule — then 9) and submits; a reviewer
// requests changes; the author resubmits; the reviewer recommends approval; the Chancellor approves; the
// program is Endorsed. Then a listing-only request is listed by a reviewer as Not Endorsed. axe runs on
// every page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, newContext, saveTrace, screenshot, stopTrace } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn, signOut } from './support/session.ts';

const journey = useJourney();

async function fillRequest(page: Page, opts: { title: string; endorsed: boolean; firstCourseHours: string }): Promise<string> {
  await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Requests' }).click();
  await checkA11y(page, 'requests list');
  await page.getByRole('link', { name: 'Start a new request' }).click();
  await checkA11y(page, 'new request');
  await page.getByLabel('Title').fill(opts.title);
  await page.getByLabel('Credential type').selectOption('micro_credential');
  await choose(page, page.getByRole('radio', { name: opts.endorsed ? /^Endorsed by State Regents/ : /^Listing only/ }));
  await page.getByRole('button', { name: 'Start the request' }).click();
  await page.waitForURL(/\/edit\/basics$/);
  const requestUrl = page.url().replace(/\/edit\/basics$/, '');

  // Program basics
  await checkA11y(page, 'section basics');
  await page.getByLabel('Level').selectOption('intermediate');
  await page.getByLabel('Department or unit').fill('Workforce and Technical Education');
  await page.getByRole('group', { name: 'Contact person' }).getByLabel('Name').fill('Jordan Lee');
  await page.getByRole('group', { name: 'Contact person' }).getByLabel('Job title').fill('Program Coordinator');
  await page.getByRole('group', { name: 'Contact person' }).getByLabel('Email').fill('jordan.lee@redriver.example.edu');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Description
  await page.waitForURL(/\/edit\/description$/);
  await checkA11y(page, 'section description');
  await page.getByLabel('Narrative description').fill('Earners maintain and troubleshoot industrial equipment safely: electrical, hydraulic and mechanical systems on a production floor.');
  await page.getByLabel('Public program URL').fill('https://redriver.example.edu/programs/industrial-maintenance');
  await choose(page, page.getByLabel('Career preparation'));
  await choose(page, page.getByLabel('Employer / workforce need'));
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Courses and activities: three courses (the first of them opts.firstCourseHours credits) and one activity.
  await page.waitForURL(/\/edit\/curriculum$/);
  await checkA11y(page, 'section curriculum');
  const courses: [string, string, string, string][] = [
    ['IMT', '1103', 'Industrial Safety', opts.firstCourseHours],
    ['IMT', '1213', 'Fluid Power and Hydraulics', '3'],
    ['IMT', '2223', 'Programmable Logic Controllers', '3'],
  ];
  for (let i = 0; i < courses.length; i++) {
    const [prefix, number, title, hours] = courses[i]!;
    const row = page.getByRole('group', { name: `Course ${i + 1}` });
    await row.getByLabel('Prefix').fill(prefix);
    await row.getByLabel('Number').fill(number);
    await row.getByLabel('Credit hours').fill(hours);
    await row.getByLabel('Course title').fill(title);
    await row.getByLabel('How it is assessed').fill('Practical skills exam');
    if (i < courses.length - 1) await page.getByRole('button', { name: 'Add another course' }).click();
  }
  const act = page.getByRole('group', { name: 'Activity 1' });
  await act.getByLabel('Activity or project').fill('Plant floor rotation with an employer partner');
  await act.getByLabel('Contact hours').fill('40');
  await act.getByLabel('How it is assessed').fill('Supervisor evaluation against a rubric');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Outcomes and skills
  await page.waitForURL(/\/edit\/outcomes$/);
  await checkA11y(page, 'section outcomes');
  await page.getByLabel('Learning outcomes or competencies').fill('Diagnose a hydraulic system failure\nApply lockout/tagout procedures\nProgram a basic PLC ladder routine');
  await page.getByLabel('Skill tags').fill('Hydraulics\nLockout tagout\nPreventive maintenance\nPLC programming\nIndustrial safety');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Earning criteria
  await page.waitForURL(/\/edit\/criteria$/);
  await checkA11y(page, 'section criteria');
  await page.getByLabel('Earning criteria').fill('Complete all three courses with a C or better and the plant floor rotation.');
  await page.getByLabel('Requirements').fill('Pass IMT 1103, IMT 1213 and IMT 2223 with a C or better\nComplete 40 hours of plant floor rotation');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Partners
  await page.waitForURL(/\/edit\/partners$/);
  await checkA11y(page, 'section partners');
  const partner = page.getByRole('group', { name: 'Partner 1' });
  await partner.getByLabel('Name').fill('Great Plains Manufacturing');
  await partner.getByLabel('Role in the program').fill('Hosts the plant floor rotation');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Delivery and cost
  await page.waitForURL(/\/edit\/delivery$/);
  await checkA11y(page, 'section delivery');
  await choose(page, page.getByRole('radio', { name: 'Hybrid' }));
  await page.getByLabel('Duration or time to earn').fill('Two semesters');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Digital badge
  await page.waitForURL(/\/edit\/badge$/);
  await checkA11y(page, 'section badge');
  await page.getByLabel('Expires after (months)').fill('36');
  await page.getByRole('button', { name: 'Save and review' }).click();
  await page.waitForURL(new RegExp(`${requestUrl.replace(/[/.]/g, '\\$&')}$`));
  return requestUrl;
}

/** USWDS radios and checkboxes hide the input and style the label; people click the label. */
async function choose(page: Page, input: ReturnType<Page['getByRole']>): Promise<void> {
  const id = await input.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  await expect.poll(() => input.isChecked()).toBe(true);
}

async function act(page: Page, action: string, comment?: string): Promise<void> {
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: action, exact: true }) });
  if (comment) await form.getByRole('textbox').fill(comment);
  await form.getByRole('button', { name: action, exact: true }).click();
  await expect.poll(() => page.getByText(`Done: ${action}.`).count(), { message: action }).toBe(1);
  await checkA11y(page, `after ${action}`);
}

describe('request and review journeys', () => {
  it('takes an endorsed micro-credential from draft to Endorsed by State Regents', async () => {
    const context = await newContext(journey.browser);
    const page = await context.newPage();
    try {
      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      const url = await fillRequest(page, { title: 'Industrial Maintenance Technician', endorsed: true, firstCourseHours: '4' });

      // 10 credit hours: the review page marks the rule, and submitting is refused with the reason.
      await checkA11y(page, 'review before submit');
      await expect.poll(() => page.getByText('The courses total 10 credit hours; a micro-credential may have at most 9.').count()).toBeGreaterThan(0);
      await screenshot(page, 'request-review-before-submit');
      // Submitting is not offered while a rule fails: the button says why, next to it (issue #19).
      expect(await page.getByRole('button', { name: 'Submit for review', exact: true }).isDisabled()).toBe(true);
      await expect.poll(() => page.locator('#submit-blocked').textContent()).toContain('1 policy rule is not met');

      // Fix: 3 credit hours for the first course → 9.
      await page.getByRole('link', { name: 'Fix credit hours max' }).click();
      await page.waitForURL(/\/edit\/curriculum/);
      await page.getByRole('group', { name: 'Course 1' }).getByLabel('Credit hours').fill('3');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.goto(url);
      await expect.poll(() => page.getByText('9 credit hours, within the limit of 9').count()).toBe(1);
      await act(page, 'Submit for review');
      await signOut(page);

      await signIn(page, journey.server.url, 'reviewer@regents.example.org');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Review' }).click();
      await checkA11y(page, 'review queue');
      await page.getByRole('link', { name: 'Industrial Maintenance Technician' }).click();
      await checkA11y(page, 'review page');
      await act(page, 'Start review');
      await screenshot(page, 'request-in-review');
      await act(page, 'Request changes', 'Please add an outcome about working on a live production line.');
      await signOut(page);

      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      await page.goto(url);
      await expect.poll(() => page.getByText('Please add an outcome about working on a live production line.').count()).toBeGreaterThan(0);
      await page.goto(`${url}/edit/outcomes`);
      const outcomes = page.getByLabel('Learning outcomes or competencies');
      await outcomes.fill(`${await outcomes.inputValue()}\nWork safely on a live production line`);
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.goto(url);
      await act(page, 'Resubmit', 'Added the production-line outcome.');
      await signOut(page);

      await signIn(page, journey.server.url, 'reviewer@regents.example.org');
      await page.goto(url);
      await act(page, 'Start review');
      await act(page, 'Recommend approval to the Chancellor', 'Meets policy; strong employer partnership.');
      await signOut(page);

      await signIn(page, journey.server.url, 'chancellor@regents.example.org');
      await page.getByRole('link', { name: 'Open the recommendations' }).click();
      await checkA11y(page, 'recommendations');
      await page.getByRole('link', { name: 'Industrial Maintenance Technician' }).click();
      await act(page, 'Approve (Endorsed by State Regents)');
      await expect.poll(() => page.locator('.laurel-endorsed').first().textContent()).toBe('Endorsed by State Regents');
      await screenshot(page, 'request-approved');

      // The timeline tells the whole story.
      const timeline = await page.locator('.laurel-timeline').textContent();
      for (const step of ['Submitted for review', 'Requested changes', 'Resubmitted', 'Recommended approval', 'Approved — Endorsed by State Regents']) expect(timeline).toContain(step);
      await signOut(page);

      // The emails: the author's "changes requested" message links to the request.
      await signIn(page, journey.server.url, 'admin@regents.example.org');
      await page.goto(`${journey.server.url}/admin/mailbox?to=author%40redriver.example.edu`);
      await page.getByRole('link', { name: 'Changes requested: Industrial Maintenance Technician' }).click();
      const link = await page.getByRole('link', { name: /\/requests\// }).first().getAttribute('href');
      expect(link).toBe(url);
      await stopTrace(context);
    } catch (err) {
      console.error(`trace: ${await saveTrace(context, 'request-endorsed')}\n${journey.server.output()}`);
      throw err;
    } finally {
      await context.close();
    }
    // A whole form, four roles and axe on every page: over two minutes when the two cores are shared.
  }, 300_000);

  it('lists a listing-only request as Not Endorsed after a reviewer’s decision', async () => {
    const context = await newContext(journey.browser);
    const page = await context.newPage();
    try {
      await signIn(page, journey.server.url, 'author@redriver.example.edu');
      const url = await fillRequest(page, { title: 'Maintenance Helper Essentials', endorsed: false, firstCourseHours: '3' });
      await act(page, 'Submit for review');
      await signOut(page);

      await signIn(page, journey.server.url, 'reviewer@regents.example.org');
      await page.goto(url);
      await act(page, 'Start review');
      await expect.poll(() => page.getByRole('button', { name: 'Recommend approval to the Chancellor' }).count()).toBe(0);
      await act(page, 'List in the inventory (Not Endorsed)');
      await expect.poll(() => page.locator('.laurel-not-endorsed').first().textContent()).toBe('Not Endorsed by State Regents');
      await screenshot(page, 'request-listed');
      await stopTrace(context);
    } catch (err) {
      console.error(`trace: ${await saveTrace(context, 'request-listed')}\n${journey.server.output()}`);
      throw err;
    } finally {
      await context.close();
    }
  }, 300_000);
});
