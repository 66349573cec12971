// The public verifier in a browser: a badge issued here is pasted and verified with JavaScript off;
// a tampered copy fails on its signature; axe on the pages.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, inContext, launch, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;
let credential: string;

beforeAll(async () => {
  server = await startServer({ LAUREL_SIGNING_THREADS: '0' });
  browser = await launch();
  // Issue one badge as the demo issuer, through the API with a browser session.
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const [k, v] = kv!.split('=');
      jar.set(k!, v!);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(`${server.url}/sign-in`);
  keep(res);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  res = await fetch(`${server.url}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, email: 'issuer@redriver.example.edu', password: 'laurel-demo-2026' }) });
  keep(res);
  const classes = (await (await fetch(`${server.url}/api/v1/badge-classes`, { headers: { cookie: cookie() } })).json()) as { items: { id: string }[] };
  const award = (await (
    await fetch(`${server.url}/api/v1/awards`, {
      method: 'POST',
      headers: { cookie: cookie(), 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ badge_class_id: classes.items[0]!.id, recipient_email: 'verify-e2e@example.com', first_name: 'Vera', last_name: 'Fier' }),
    })
  ).json()) as { id: string };
  credential = await (await fetch(`${server.url}/badges/${award.id}.json`, { headers: { cookie: cookie() } })).text();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('verifier page', () => {
  it('is accessible', async () => {
    await inContext({ browser, name: 'verify-axe', serverOutput: () => server.output() }, async (page) => {
      await page.goto(`${server.url}/verify`);
      await checkA11y(page, 'verify');
      await page.getByLabel('The badge’s JSON, or its compact JWT').fill(credential);
      await page.getByRole('button', { name: 'Verify the text' }).click();
      await expect.poll(() => page.getByText('This badge is genuine, current and issued by an institution of the state system.').count()).toBe(1);
      await checkA11y(page, 'verify result');
      await screenshot(page, 'verify-result');
    });
  });

  it('verifies with JavaScript disabled, and fails a tampered copy on its signature', async () => {
    await inContext({ browser, name: 'verify-nojs', serverOutput: () => server.output(), javaScriptEnabled: false }, async (page) => {
      await page.goto(`${server.url}/verify`);
      await page.getByLabel('The badge’s JSON, or its compact JWT').fill(credential);
      await page.getByRole('button', { name: 'Verify the text' }).click();
      await expect.poll(() => page.getByText('This badge is genuine, current and issued by an institution of the state system.').count()).toBe(1);
      const tampered = JSON.parse(credential) as { credentialSubject: { achievement: { name: string } } };
      tampered.credentialSubject.achievement.name += ' (forged)';
      await page.getByLabel('The badge’s JSON, or its compact JWT').fill(JSON.stringify(tampered));
      await page.getByRole('button', { name: 'Verify the text' }).click();
      await expect.poll(() => page.getByText('This badge did not verify.').count()).toBe(1);
      const signature = page.locator('li', { hasText: 'Signature.' });
      await expect.poll(() => signature.textContent()).toMatch(/^Failed/);
    });
  });
});
