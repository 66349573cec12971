// The learner record (CLR 2.0) in a real browser (issue #17 item 5): the demo earner accepts two badges,
// opens "Learner record (CLR)" from the portfolio, asks for chosen badges without ticking any (the message
// stands at the field, the choice is kept), makes a record of all of them, reads what the verifier says
// of it and of each badge, and downloads the JSON and the baked PNG; the downloaded PNG then verifies on
// the public verifier page. axe on every state; each state screenshotted to /work/notes/screens/clr-*.png.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { issueDemoBadge, signIn } from './support/session.ts';

const journey = useJourney();
const SCREENS = '/work/notes/screens';
const STUDENT = 'student@example.com';

/** USWDS radios hide the input and style the label; people click the label. */
async function choose(page: Page, name: string): Promise<void> {
  const input = page.getByRole('radio', { name });
  await page.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  await expect.poll(() => input.isChecked()).toBe(true);
}

async function shot(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await screenshot(page, name, { copyTo: SCREENS });
}

describe('learner record (CLR 2.0)', () => {
  it('the earner makes a learner record of their badges and downloads it as JSON and as an image', async () => {
    const base = journey.server.url;
    for (const i of [0, 1]) await issueDemoBadge(base, { email: STUDENT, firstName: 'Alex', lastName: 'Rivera' }, i);
    await inContext({ browser: journey.browser, name: 'clr', serverOutput: () => journey.server.output() }, async (page) => {
      await signIn(page, base, STUDENT);
      await page.goto(`${base}/portfolio`);
      for (let n = 0; n < 2; n++) {
        await page.getByRole('button', { name: /^Accept / }).first().click();
        await page.waitForURL(/\/portfolio$/);
      }
      await page.getByRole('link', { name: 'Learner record (CLR)' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Learner record (CLR)');
      expect(await page.getByRole('checkbox').count()).toBe(2);
      expect(await page.getByRole('radio', { name: 'All my badges' }).isChecked()).toBe(true);
      await shot(page, 'clr-form');

      await choose(page, 'Only the badges I tick below');
      await page.getByRole('button', { name: 'Create the learner record' }).click();
      await expect.poll(() => page.locator('.usa-error-message').textContent()).toBe('Choose at least one badge, or all of them.');
      expect(await page.getByRole('radio', { name: 'Only the badges I tick below' }).isChecked()).toBe(true);
      await shot(page, 'clr-form-error');

      await choose(page, 'All my badges');
      await page.getByRole('button', { name: 'Create the learner record' }).click();
      await page.waitForURL(/\/portfolio\/learner-records\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByText(/This learner record is genuine/).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Badges in this learner record' }).count()).toBe(1);
      await shot(page, 'clr-record');

      const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download JSON' }).click()]);
      expect(json.suggestedFilename()).toMatch(/^learner-record-[0-9a-f-]{36}\.json$/);
      const clr = JSON.parse(fs.readFileSync((await json.path())!, 'utf8')) as { type: string[]; credentialSubject: { verifiableCredential: unknown[] } };
      expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
      expect(clr.credentialSubject.verifiableCredential).toHaveLength(2);
      const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download image/ }).click()]);
      expect(png.suggestedFilename()).toMatch(/^learner-record-[0-9a-f-]{36}\.png$/);
      const pngPath = (await png.path())!;
      expect(fs.readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG');
      // Kept beside the screenshots, to look at the card the earner gets.
      fs.mkdirSync(SCREENS, { recursive: true });
      fs.copyFileSync(pngPath, `${SCREENS}/clr-download.png`);

      // The list of records now shows it.
      await page.goto(`${base}/portfolio/learner-record`);
      expect(await page.getByRole('table', { name: /Your learner records/ }).getByRole('row').count()).toBe(2);
      await shot(page, 'clr-list');

      // The downloaded image, checked by anyone on the public verifier.
      await page.goto(`${base}/verify`);
      // Under the name the browser saved it as: USWDS's file input refuses a file whose type does not match `accept`.
      await page.locator('#file').setInputFiles({ name: png.suggestedFilename(), mimeType: 'image/png', buffer: fs.readFileSync(pngPath) });
      await page.getByRole('button', { name: 'Verify the file' }).click();
      await expect.poll(() => page.getByText(/This learner record is genuine/).count()).toBe(1);
      await shot(page, 'clr-verify');
    });
  });
});
