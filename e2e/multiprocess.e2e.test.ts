// Two `laurel serve` processes on different ports and one database (PostgreSQL when
// TEST_DATABASE_URL is set, as in CI; otherwise one SQLite file): a session started on one is valid on
// the other, and both serve their pages and the API.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, launch, newContext, stopTrace } from './support/browser.ts';
import { freshPostgres } from './support/database.ts';
import { startServer, type RunningServer } from './support/server.ts';

let a: RunningServer;
let b: RunningServer;
let browser: Browser;
let dropDb: () => Promise<void> = async () => {};

beforeAll(async () => {
  const masterKey = randomBytes(32).toString('base64');
  let databaseUrl: string;
  const admin = process.env.TEST_DATABASE_URL;
  if (admin) {
    const db = await freshPostgres(admin);
    databaseUrl = db.url;
    dropDb = db.drop;
  } else {
    const os = await import('node:os');
    const path = await import('node:path');
    const fs = await import('node:fs');
    databaseUrl = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-mp-')), 'shared.db');
  }
  // Started one after the other and at once would both work; in sequence keeps the log readable.
  // Chromium starts meanwhile (its failure, if any, is thrown below, once the servers are up).
  const launched = launch();
  launched.catch(() => {});
  a = await startServer({ LAUREL_DATABASE_URL: databaseUrl, LAUREL_MASTER_KEY: masterKey });
  b = await startServer({ LAUREL_DATABASE_URL: databaseUrl, LAUREL_MASTER_KEY: masterKey });
  browser = await launched;
});

afterAll(async () => {
  await browser?.close();
  await a?.stop();
  await b?.stop();
  await dropDb();
});

describe('several app processes on one database', () => {
  it('shares sessions and data between two processes', async () => {
    expect(a.url).not.toBe(b.url);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${a.url}/sign-in`);
    await page.getByLabel('Email address').fill('admin@regents.example.org');
    await page.getByLabel('Password', { exact: true }).fill('laurel-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);

    // Same host, another port: the browser sends the same cookie to the second process.
    await page.goto(`${b.url}/dashboard`);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'System administration' }).count()).toBe(1);
    await checkA11y(page, 'dashboard on the second process');

    // A form from process B, posted to B, is visible through process A.
    await page.goto(`${b.url}/admin/institutions/new`);
    await page.getByLabel('Name').fill('Two Process College');
    await page.getByLabel('Slug').fill('two-process');
    await page.getByRole('button', { name: 'Add institution' }).click();
    await page.waitForURL(/\/admin\/institutions$/);
    const res = await fetch(`${a.url}/api/v1/institutions/two-process`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('Two Process College');
    await stopTrace(context);
    await context.close();
  });
});
