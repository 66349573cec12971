// The statewide inventory in a real browser: search by skill, filter by endorsement, open a program;
// the same pages with JavaScript disabled; and what a link-preview crawler (no JavaScript) sees.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';

const journey = useJourney();

async function withContext(name: string, fn: (page: Page, context: BrowserContext) => Promise<void>, opts: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output(), ...opts }, fn);
}

/**
 * axe needs to run script in the page, which a javaScriptEnabled:false context refuses; so the same URL is
 * checked in a context whose page scripts are all blocked, which renders exactly what the no-JS visitor got.
 */
async function checkA11yWithoutScripts(url: string, label: string): Promise<void> {
  const context = await journey.browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    await context.route(/\.js(\?|$)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(url);
    await checkA11y(page, label);
  } finally {
    await context.close();
  }
}

const count = async (page: Page) => Number(((await page.locator('#results-heading').textContent()) ?? '').replace(/[^0-9]/g, '').slice(0, 6) || 'NaN');

describe('statewide inventory', () => {
  it('searches by skill, filters by endorsement and opens a program', async () => {
    await withContext('inventory-search', async (page) => {
      await page.goto(journey.server.url);
      await page.getByRole('link', { name: 'Search the statewide inventory' }).click();
      await page.waitForURL(/\/inventory$/);
      await checkA11y(page, 'inventory');
      await screenshot(page, 'inventory');
      const all = await count(page);
      expect(all).toBeGreaterThan(50);

      await page.getByLabel('Search programs by title, skill, institution or partner').fill('python');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/q=python/);
      await expect.poll(() => page.getByRole('link', { name: 'Data Analytics with Python' }).count()).toBe(1);
      await checkA11y(page, 'inventory search');

      await page.goto(`${journey.server.url}/inventory`);
      await page.locator('label.usa-checkbox__label', { hasText: /^Endorsed by State Regents/ }).click();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/endorsement=endorsed/);
      const endorsed = await count(page);
      await page.goto(`${journey.server.url}/inventory?endorsement=not_endorsed`);
      const notEndorsed = await count(page);
      expect(endorsed).toBeGreaterThan(0);
      expect(notEndorsed).toBeGreaterThan(0);
      expect(endorsed + notEndorsed).toBe(all);
      await expect.poll(() => page.locator('.laurel-result .laurel-endorsement--endorsed').count()).toBe(0);

      await page.goto(`${journey.server.url}/inventory?endorsement=endorsed`);
      await page.getByRole('link', { name: 'Cybersecurity Fundamentals' }).click();
      await page.waitForURL(/\/programs\//);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cybersecurity Fundamentals');
      await expect.poll(() => page.locator('.laurel-endorsement-banner').textContent()).toContain('Endorsed by State Regents');
      await expect.poll(() => page.getByRole('img', { name: /Badge for Cybersecurity Fundamentals/ }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await checkA11y(page, 'program page');
      await screenshot(page, 'program');

      await page.getByRole('link', { name: 'Red River Community College' }).first().click();
      await page.waitForURL(/\/institutions\/red-river/);
      await checkA11y(page, 'institution page');
      await screenshot(page, 'institution');
    });
  });

  it('updates results as you type (the island)', async () => {
    await withContext('inventory-typing', async (page) => {
      await page.goto(`${journey.server.url}/inventory`);
      await page.getByLabel('Search programs by title, skill, institution or partner').pressSequentially('weld', { delay: 30 });
      await expect.poll(() => page.url()).toContain('q=weld');
      await expect.poll(() => page.getByRole('link', { name: 'Welding Technology: SMAW and GMAW' }).count()).toBe(1);
      await checkA11y(page, 'inventory typed');
    });
  });

  it('works with JavaScript disabled, on a phone too', async () => {
    await withContext(
      'inventory-nojs',
      async (page) => {
        await page.goto(`${journey.server.url}/inventory`);
        await page.locator('label.usa-checkbox__label', { hasText: /^Not Endorsed by State Regents/ }).click();
        await page.getByLabel('Search programs by title, skill, institution or partner').fill('patient');
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.waitForURL(/endorsement=not_endorsed/);
        await expect.poll(() => count(page)).toBeGreaterThan(0);
        await expect.poll(() => page.locator('.laurel-result .laurel-endorsement--endorsed').count()).toBe(0);
        await checkA11yWithoutScripts(page.url(), 'inventory no-js');
        await screenshot(page, 'inventory-nojs-phone');
        await page.locator('.laurel-result__title a').first().click();
        await page.waitForURL(/\/programs\//);
        await expect.poll(() => page.locator('.laurel-endorsement-banner').textContent()).toContain('Not Endorsed by State Regents');
        await checkA11yWithoutScripts(page.url(), 'program no-js');
        await screenshot(page, 'program-nojs-phone');

        await page.goto(`${journey.server.url}/inventory?page=abc&endorsement=maybe`);
        await expect.poll(() => page.getByRole('alert').textContent()).toContain('is not a valid endorsement value');
        await checkA11yWithoutScripts(page.url(), 'inventory bad query');
      },
      { javaScriptEnabled: false, viewport: { width: 390, height: 844 } },
    );
  });

  it('gives a crawler without JavaScript a title, a description and an absolute PNG og:image', async () => {
    const list = (await (await fetch(`${journey.server.url}/api/v1/inventory?q=nursing+assistant`)).json()) as { items: { url: string }[] };
    const url = list.items[0]!.url;
    const html = await (await fetch(url, { headers: { 'user-agent': 'LinkedInBot/1.0 (compatible; Mozilla/5.0; +http://www.linkedin.com)' } })).text();
    const meta = (p: string) => new RegExp(`<meta property="${p}" content="([^"]+)"`).exec(html)?.[1];
    expect(meta('og:title')).toContain('Certified Nursing Assistant Pathway');
    expect(meta('og:description')).toMatch(/Endorsed by State Regents/);
    const image = meta('og:image')!;
    expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/programs\/.+\/og\.png$/);
    const png = await fetch(image);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect(html).toContain('"@type":"EducationalOccupationalCredential"');
    expect(html).toContain('<link rel="canonical"');

    await withContext(
      'og-card',
      async (page) => {
        await page.goto(image);
        await screenshot(page, 'og-card');
      },
      { javaScriptEnabled: false },
    );
  });
});

const SHOTS = '/work/wt/shots/U1';

/** What has the keyboard focus: its tag, id, text and (for a link) where it goes. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: (el?.textContent ?? '').trim(), href: el?.getAttribute('href') ?? '', cls: el?.className ?? '', checked: (el as HTMLInputElement | null)?.checked ?? null };
  });

describe('statewide inventory by keyboard', () => {
  it('a search submitted with Enter ranks by best match, with and without JavaScript', async () => {
    const best = ((await (await fetch(`${journey.server.url}/api/v1/inventory?q=customer+service&per_page=1`)).json()) as { items: { title: string }[] }).items[0]!.title;
    expect(best).not.toBe('Automotive Service Technician');
    for (const javaScriptEnabled of [true, false]) {
      await withContext(
        `inventory-enter-${javaScriptEnabled ? 'js' : 'nojs'}`,
        async (page) => {
          await page.goto(`${journey.server.url}/inventory`);
          const box = page.getByLabel('Search programs by title, skill, institution or partner');
          await box.fill('customer service');
          await box.press('Enter');
          await page.waitForURL(/q=customer/);
          expect(page.url()).not.toContain('sort=title');
          await expect.poll(() => page.locator('.laurel-result__title a').first().textContent()).toBe(best);
          await expect.poll(() => page.locator('#sort option:checked').textContent()).toBe('Best match');
        },
        { javaScriptEnabled },
      );
    }
  });

  it('reaches the first result in a few key presses, through a skip link', async () => {
    await withContext('inventory-keyboard', async (page) => {
      await page.goto(`${journey.server.url}/inventory`);
      let presses = 0;
      let skipped = false;
      for (; presses < 80; ) {
        await page.keyboard.press('Tab');
        presses++;
        const f = await focused(page);
        if (f.tag === 'a' && f.href.startsWith('/programs/')) break;
        if (!skipped && f.tag === 'a' && /^Skip to the results/.test(f.text)) {
          await screenshot(page, 'inventory-skip-link', { copyTo: SHOTS });
          await page.keyboard.press('Enter');
          presses++;
          skipped = true;
        }
      }
      expect(skipped).toBe(true);
      // 13: the official-site banner's "Here's how you know" and the language switcher came after this bound was first set at 12 (it was 57 before the skip link).
      expect(presses).toBeLessThanOrEqual(13);
      expect((await focused(page)).text).toBe(await page.locator('.laurel-result__title a').first().textContent());
    });
  });

  it('folds long facets behind an accessible "Show all" and keeps focus on a facet ticked with Space', async () => {
    await withContext('inventory-facets', async (page) => {
      await page.goto(`${journey.server.url}/inventory`);
      for (const fieldset of await page.locator('.laurel-facet').all()) {
        expect(await fieldset.locator(':scope > .usa-checkbox').count()).toBeLessThanOrEqual(5);
      }
      const skills = page.locator('.laurel-facet', { has: page.locator('legend', { hasText: /^Skill/ }) });
      const more = skills.locator('summary');
      await expect.poll(() => more.textContent()).toMatch(/^Show all \d+ skills$/);
      await more.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => skills.locator('details').evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
      await checkA11y(page, 'inventory facets open');
      await screenshot(page, 'inventory-facets-open', { copyTo: SHOTS });

      // A checkbox inside the opened disclosure, ticked with Space: the results update and focus stays on it.
      const inside = skills.locator('details .usa-checkbox__input').first();
      const id = await inside.getAttribute('id');
      const before = page.url();
      await inside.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => page.url()).not.toBe(before);
      await expect.poll(() => page.locator('#results-heading').textContent()).not.toMatch(/^\s*0 programs/);
      await expect.poll(async () => (await focused(page)).id).toBe(id);
      expect((await focused(page)).checked).toBe(true);

      // And one in the first facet: untick it again with Space, focus stays.
      const endorsed = page.locator('#f-endorsement-endorsed');
      await endorsed.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => page.url()).toContain('endorsement=endorsed');
      await expect.poll(async () => (await focused(page)).id).toBe('f-endorsement-endorsed');
      await screenshot(page, 'inventory-facet-ticked', { copyTo: SHOTS });
    });
  });
});
