// Debian's Chromium through playwright-core (never `playwright install`), axe on every page, and a
// trace saved when a test fails.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function newContext(browser: Browser, opts: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  await context.tracing.start({ screenshots: true, snapshots: true });
  return context;
}

export async function saveTrace(context: BrowserContext, name: string): Promise<string> {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.zip`);
  await context.tracing.stop({ path: file });
  return file;
}

/** Pages visited in this run, with their axe results, so the suite can assert on all of them. */
export const visited: { url: string; violations: { id: string; impact: string | null | undefined; nodes: number }[] }[] = [];

/** Runs axe on the current page and fails on any serious or critical violation. */
export async function checkA11y(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  visited.push({ url: label, violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) });
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Runs `fn` in a fresh browser context with tracing; on failure saves the trace and prints the server's
 * output, so a red run can be diagnosed from CI logs and artifacts.
 */
export async function inContext(
  opts: { browser: Browser; name: string; serverOutput: () => string; viewport?: { width: number; height: number }; javaScriptEnabled?: boolean },
  fn: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context =
    opts.javaScriptEnabled === false
      ? await opts.browser.newContext({ javaScriptEnabled: false, viewport: opts.viewport ?? { width: 1280, height: 900 } })
      : await newContext(opts.browser, opts.viewport ? { viewport: opts.viewport } : {});
  if (opts.javaScriptEnabled === false) await context.tracing.start({ screenshots: true, snapshots: true });
  let failed = false;
  onTestFailed(() => {
    failed = true;
  });
  try {
    await fn(await context.newPage(), context);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (failed) console.error(`trace: ${await saveTrace(context, opts.name)}\nserver output:\n${opts.serverOutput()}`);
    else await context.tracing.stop();
    await context.close();
  }
}
