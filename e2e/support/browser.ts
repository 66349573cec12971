// Debian's Chromium through playwright-core (never `playwright install`), axe on every page, and a
// trace saved when a test fails.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
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

const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the current page and fails on any serious or critical violation. */
export async function checkA11y(page: Page, label = page.url()): Promise<void> {
  report(await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze(), label);
}

/**
 * Runs axe on one frame's document (a tool's page inside a learning platform's iframe), as a page of its
 * own: the page-level rules (title, lang, landmarks) apply to the framed document, and the platform's
 * page around it is not judged. axe is injected by the browser's debugger, so the page's CSP allows it.
 */
export async function checkFrameA11y(frame: Frame, label = frame.url()): Promise<void> {
  await frame.waitForLoadState('load');
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axe.source);
  const results = await frame.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), A11Y_TAGS);
  report(results, label);
}

function report(results: axe.AxeResults, label: string): void {
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  visited.push({ url: label, violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) });
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

/** A full-page PNG in the artifacts directory, and a copy in `copyTo` when given (a directory, made if missing). */
export async function screenshot(page: Page, name: string, opts: { copyTo?: string } = {}): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (opts.copyTo) {
    fs.mkdirSync(opts.copyTo, { recursive: true });
    fs.copyFileSync(file, path.join(opts.copyTo, `${name}.png`));
  }
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
