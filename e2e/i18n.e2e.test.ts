// Spanish as an earner and a visitor live it (issue #19): a browser that asks for Spanish gets it; the
// header's switcher changes the language and the choice is remembered across pages; signed in, the choice is
// saved on the account and follows the earner to a fresh browser; an email to the earner is in Spanish; dates
// read as Spanish dates. axe on every Spanish page.
import { describe, expect, it } from 'vitest';
import { checkA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { issueDemoBadge, signIn } from './support/session.ts';

const journey = useJourney();

const SPANISH_MONTH = /\d{1,2} (?:de )?(?:ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)[a-z]*\.? (?:de )?\d{4}/;

describe('Spanish', () => {
  it('answers a browser that asks for Spanish in Spanish, and the switcher remembers a choice', async () => {
    await inContext({ browser: journey.browser, name: 'i18n-visitor', serverOutput: () => journey.server.output() }, async (page) => {
      await page.setExtraHTTPHeaders({ 'Accept-Language': 'es-MX,es;q=0.9' });
      const res = await page.goto(`${journey.server.url}/inventory`);
      expect(res!.headers()['content-language']).toBe('es');
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Inventario estatal');
      await checkA11y(page, 'inventory (es)');
      await screenshot(page, 'i18n-inventory-es');

      // A visitor whose browser asks for English switches, and every page after stays Spanish.
      await page.setExtraHTTPHeaders({ 'Accept-Language': 'en-US,en;q=0.9' });
      await page.goto(`${journey.server.url}/verify`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Verify a badge');
      await page.getByRole('button', { name: 'Español' }).click();
      await page.waitForURL(/\/verify$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Verificar una insignia');
      await checkA11y(page, 'verify (es)');
      await page.goto(`${journey.server.url}/inventory`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Inventario estatal');
      await page.reload();
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      // …and back.
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForURL(/\/inventory$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Statewide inventory');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    });
  });

  it('saves the earner’s choice on the account: a fresh browser shows the portfolio, badge and emails in Spanish', async () => {
    await inContext({ browser: journey.browser, name: 'i18n-earner', serverOutput: () => journey.server.output() }, async (page) => {
      await signIn(page, journey.server.url, 'student@example.com');
      await page.getByRole('button', { name: 'Español' }).click();
      await page.waitForURL(/\/dashboard$/);
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
    });
    // The issuer (whose pages stay English) awards the earner a badge: its email follows the earner's language.
    await issueDemoBadge(journey.server.url, { email: 'student@example.com', firstName: 'Alex', lastName: 'Rivera' });

    await inContext({ browser: journey.browser, name: 'i18n-earner-fresh', serverOutput: () => journey.server.output() }, async (page) => {
      // A new browser asking for English: the account's language wins once signed in.
      await page.setExtraHTTPHeaders({ 'Accept-Language': 'en-US,en;q=0.9' });
      await signIn(page, journey.server.url, 'student@example.com');
      await page.goto(`${journey.server.url}/portfolio`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Su portafolio');
      await expect.poll(() => page.getByRole('heading', { name: 'Sus insignias' }).isVisible()).toBe(true);
      const issued = await page.getByText(/^Otorgada el /).first().textContent();
      expect(issued).toMatch(SPANISH_MONTH);
      expect(issued).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      await checkA11y(page, 'portfolio (es)');
      await screenshot(page, 'i18n-portfolio-es');

      await page.getByRole('link', { name: /^Abrir, compartir y descargar / }).first().click();
      await page.waitForURL(/\/badges\//);
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      await checkA11y(page, 'badge page (es)');
      await screenshot(page, 'i18n-badge-es');

      // The confirmation of a new address is written in the earner's language.
      await page.goto(`${journey.server.url}/portfolio/emails`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sus direcciones de correo electrónico');
      await checkA11y(page, 'email addresses (es)');
      // An invalid address: the message next to the field and the summary are Spanish, what was typed kept.
      const field = page.getByRole('textbox', { name: /Agregar una dirección/ });
      await field.fill('alex-at-example.com');
      await page.getByRole('button', { name: /Enviar el enlace de confirmación/ }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Hay un problema' }).isVisible()).toBe(true);
      expect(await field.inputValue()).toBe('alex-at-example.com');
      await checkA11y(page, 'email addresses error (es)');
      await screenshot(page, 'i18n-emails-error-es');
      await field.fill('alex.rivera@example.net');
      await page.getByRole('button', { name: /Enviar el enlace de confirmación/ }).click();
      await expect.poll(() => page.getByText('alex.rivera@example.net').first().isVisible()).toBe(true);
    });

    await inContext({ browser: journey.browser, name: 'i18n-mailbox', serverOutput: () => journey.server.output() }, async (page) => {
      await signIn(page, journey.server.url, 'admin@regents.example.org');
      await page.goto(`${journey.server.url}/admin/mailbox?to=${encodeURIComponent('student@example.com')}`);
      await expect.poll(() => page.getByRole('link', { name: /^Usted obtuvo una insignia: / }).count()).toBeGreaterThan(0);
      await expect
        .poll(
          async () => {
            await page.goto(`${journey.server.url}/admin/mailbox?to=${encodeURIComponent('alex.rivera@example.net')}`);
            return page.getByRole('link', { name: /Confirme su dirección de correo electrónico para Laurel/ }).count();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      await page.getByRole('link', { name: /Confirme su dirección de correo electrónico para Laurel/ }).first().click();
      // The Mailbox shows the message's text part: Spanish words around the confirmation link.
      await expect.poll(() => page.getByText(/Usted pidió agregar alex\.rivera@example\.net a su cuenta de Laurel/).count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText(/Si no fue usted, ignore este mensaje/).count()).toBeGreaterThan(0);
      await checkA11y(page, 'confirmation email (es)');
      await screenshot(page, 'i18n-confirmation-email-es');
    });
  });
});
