// The webhook pages in Chromium, with axe on each: Prairie State's institution admin opens Webhooks from
// the dashboard, is refused a private address (the error next to the field), adds a receiver started by
// the test on 127.0.0.1 (allow-listed), copies the secret shown once, sends a test event that arrives
// signed and shows as delivered in the log, makes a new secret and removes the endpoint, each after a
// confirmation page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../packages/server/test/support/webhook-receiver.ts';
import { checkA11y, inContext } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/session.ts';

const journey = useJourney({ LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' });
let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => rx?.close());

async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output() }, fn);
}

describe('webhook pages', () => {
  it('adds an endpoint, shows its secret once, delivers a test event, rotates the secret and removes it', async () => {
    await withPage('webhooks-admin', async (page) => {
      await signIn(page, journey.server.url, 'admin@prairiestate.example.edu');
      await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
      await page.waitForURL(/\/admin\/institutions\/prairie-state\/webhooks$/);
      await expect.poll(() => page.getByText('No endpoints yet').isVisible()).toBe(true);
      await checkA11y(page, 'webhooks (empty)');

      await page.getByRole('link', { name: 'Add an endpoint' }).click();
      await checkA11y(page, 'add an endpoint');
      await page.getByLabel('Address (URL)').fill('https://10.0.0.5/hooks');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await expect.poll(() => page.locator('#url-error').textContent()).toContain('10.0.0.5 is a private, loopback or otherwise non-public address');
      await checkA11y(page, 'add an endpoint (address refused)');

      await page.getByLabel('Address (URL)').fill(rx.url('/journey'));
      await page.getByLabel('Description (optional)').fill('Student information system');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = (await page.locator('#webhook-secret').textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      rx.setSecret('/journey', secret);
      await checkA11y(page, 'endpoint added (secret shown once)');

      await page.getByRole('button', { name: 'Send a test event' }).click();
      await expect.poll(() => rx.acted.size, { timeout: 30_000 }).toBe(1);
      const [message] = [...rx.acted.values()];
      expect(message!.payload!.type).toBe('webhook.test');
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByRole('region', { name: /Deliveries to/ }).textContent();
          },
          { timeout: 30_000 },
        )
        .toContain('Delivered');
      expect(await page.locator('#webhook-secret').count()).toBe(0);
      await checkA11y(page, 'endpoint with its delivery log');

      await page.getByRole('link', { name: 'Make a new secret…' }).click();
      await checkA11y(page, 'make a new secret (confirmation)');
      await page.getByRole('button', { name: 'Make a new secret' }).click();
      const rotated = (await page.locator('#webhook-secret').textContent())!.trim();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);

      await page.getByRole('link', { name: 'Remove…' }).click();
      await checkA11y(page, 'remove the endpoint (confirmation)');
      await page.getByRole('button', { name: 'Remove endpoint' }).click();
      await page.waitForURL(/\/admin\/institutions\/prairie-state\/webhooks$/);
      await expect.poll(() => page.getByText('No endpoints yet').isVisible()).toBe(true);
    });
  });
});
