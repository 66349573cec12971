// Pathways in a real browser (issue #17 item 1): Red River's author builds a pathway into Prairie State
// with the form's own buttons only (search, add, make destination — every step a form post, nothing
// that needs JavaScript), first saving it empty to see the errors at their fields; sends it to the
// Regents; the reviewer accepts it from the queue; the public pathway page and the component's program
// page draw it as a graph with its list. axe on every state; each state screenshotted and copied to
// /work/notes/screens/pathways-*.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn, signOut } from './support/session.ts';

const journey = useJourney();
const SCREENS = '/work/notes/screens';
const NAME = 'Cyber and analytics to AI (e2e)';

async function addProgram(page: Page, title: string, as: 'component' | 'destination'): Promise<void> {
  await page.getByLabel('Find a listed program, at any institution').fill(title);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const button = as === 'component' ? page.getByRole('button', { name: `Add ${title} as a component` }) : page.getByRole('button', { name: `Make ${title} the destination` });
  await button.click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(as === 'component' ? /added as a component/ : /Destination chosen/);
}

describe('pathways', () => {
  it('an author builds a cross-institution pathway, the Regents accept it, and the graph is public', async () => {
    await inContext({ browser: journey.browser, name: 'pathways', serverOutput: () => journey.server.output() }, async (page) => {
      const csp: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) csp.push(m.text());
      });
      const base = journey.server.url;
      await signIn(page, base, 'author@redriver.example.edu');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Pathways' }).click();
      await page.waitForURL(/\/pathways\/manage$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pathways');
      await checkA11y(page, 'pathways list');
      await screenshot(page, 'pathways-list', { copyTo: SCREENS });

      await page.getByRole('link', { name: 'New pathway of Red River Community College' }).click();
      await page.getByLabel('Description').fill('Network defense at Red River and data analytics at Prairie State lead to AI for Business.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect.poll(() => page.locator('#name-error').textContent()).toContain('Give the pathway a name');
      await expect.poll(() => page.locator('#components-error').textContent()).toContain('Add at least one component');
      expect(await page.getByLabel('Description').inputValue()).toContain('Network defense at Red River');
      await checkA11y(page, 'pathway form with errors');
      await screenshot(page, 'pathways-form-errors', { copyTo: SCREENS });

      await page.getByLabel('Name', { exact: true }).fill(NAME);
      await addProgram(page, 'Cybersecurity Fundamentals', 'component');
      await addProgram(page, 'Data Analytics with Python', 'component');
      await addProgram(page, 'Artificial Intelligence for Business', 'destination');
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(NAME);
      await checkA11y(page, 'pathway form filled');
      await screenshot(page, 'pathways-form-filled', { copyTo: SCREENS });
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/pathways\/manage\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').at(-1)!;
      await page.getByRole('button', { name: 'Send to the Regents for review' }).click();
      await expect.poll(() => page.getByText('was sent to the State Regents for review').count()).toBe(1);
      await checkA11y(page, 'pathway staff page, pending');
      await screenshot(page, 'pathways-staff-pending', { copyTo: SCREENS });
      await signOut(page);

      await signIn(page, base, 'reviewer@regents.example.org');
      await page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name: 'Pathways' }).click();
      await page.waitForURL(/\/pathways\/review$/);
      const item = page.getByRole('article', { name: new RegExp(NAME.replace(/[()]/g, '\\$&')) });
      await expect.poll(() => item.getByText('Prairie State University').count()).toBeGreaterThan(0);
      await checkA11y(page, 'pathway review queue');
      await screenshot(page, 'pathways-review-queue', { copyTo: SCREENS });
      await item.getByRole('button', { name: `Accept ${NAME} and publish` }).click();
      await expect.poll(() => page.getByText(`${NAME} was accepted and is now public.`).count()).toBe(1);
      await signOut(page);

      await page.goto(`${base}/pathways/${id}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(NAME);
      const list = page.getByRole('list', { name: `Components of ${NAME}` });
      await expect.poll(() => list.getByRole('link').allTextContents()).toEqual(['Cybersecurity Fundamentals', 'Data Analytics with Python']);
      expect(await page.locator('svg.laurel-pg__svg[aria-hidden="true"]').count()).toBe(1);
      await checkA11y(page, 'public pathway page');
      await screenshot(page, 'pathways-public', { copyTo: SCREENS });
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('figure.laurel-pg').first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
      await screenshot(page, 'pathways-public-print', { copyTo: SCREENS });
      await page.emulateMedia({ media: 'screen' });

      await list.getByRole('link', { name: 'Data Analytics with Python' }).click();
      await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByRole('heading', { name: 'Pathways', level: 2 }).count()).toBe(1);
      await expect.poll(() => page.getByRole('link', { name: NAME }).count()).toBe(1);
      await checkA11y(page, 'program page with pathways');
      await screenshot(page, 'pathways-program-page', { copyTo: SCREENS });

      await page.goto(`${base}/inventory`);
      await expect.poll(() => page.getByRole('group', { name: 'Stacks into' }).count()).toBe(1);
      await checkA11y(page, 'inventory with the Stacks into facet');
      await screenshot(page, 'pathways-inventory-facet', { copyTo: SCREENS });
      expect(csp).toEqual([]);
    });
  });
});
