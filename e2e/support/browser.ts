// Debian's Chromium through playwright-core (never `playwright install`), axe on every page, and (with
// E2E_TRACE=1) a trace saved when a test fails.
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

/**
 * E2E_TRACE=1 records a Playwright trace (a film and DOM snapshots of every step) of each context and
 * saves it when a test fails. Off by default: recording was a third of Chromium's CPU in the suite, and
 * CI keeps only the log (the failing step, the page's named screenshots and the server's output).
 */
const TRACING = process.env.E2E_TRACE === '1';

export async function startTrace(context: BrowserContext): Promise<void> {
  if (TRACING) await context.tracing.start({ screenshots: true, snapshots: true });
}

export async function stopTrace(context: BrowserContext): Promise<void> {
  if (TRACING) await context.tracing.stop();
}

export async function newContext(browser: Browser, opts: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  await startTrace(context);
  return context;
}

/** Saves the context's trace (when E2E_TRACE=1 records one); says where, or how to get one. */
export async function saveTrace(context: BrowserContext, name: string): Promise<string> {
  if (!TRACING) return 'not recorded (run with E2E_TRACE=1 to record one)';
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.zip`);
  await context.tracing.stop({ path: file });
  return file;
}

/** Pages visited in this run, with their axe results, so the suite can assert on all of them. */
export const visited: { url: string; violations: { id: string; impact: string | null | undefined; nodes: number }[] }[] = [];

/**
 * What axe checks on every page, frame and email: every rule tagged WCAG 2.0, 2.1 or 2.2 at level A or AA,
 * axe's best practices, and the rules axe still marks experimental that map to an A/AA success criterion
 * (a rule tagged `experimental` runs only when named). `target-size` (2.5.8, WCAG 2.2 AA) is tagged
 * `wcag22aa` but off by default in axe, so it is named too. No impact filter: any violation fails.
 * Left out: the deprecated rules (`duplicate-id*` test the obsolete 4.1.1; `aria-roledescription`,
 * `audio-caption`, `landmark-complementary-is-top-level` are superseded), the AAA rules, and the two
 * experimental best-practice rules (`focus-order-semantics`, `hidden-content`) that only report items to review.
 */
export const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  rules: {
    'label-content-name-mismatch': { enabled: true }, // 2.5.3 Label in Name (A), experimental
    'p-as-heading': { enabled: true }, // 1.3.1 Info and Relationships (A), experimental
    'table-fake-caption': { enabled: true }, // 1.3.1, experimental
    'td-has-header': { enabled: true }, // 1.3.1, experimental
    'css-orientation-lock': { enabled: true }, // 1.3.4 Orientation (AA), experimental
    'target-size': { enabled: true }, // 2.5.8 Target Size (Minimum) (AA), disabled by default
  },
  resultTypes: ['violations'],
} satisfies axe.RunOptions;

/**
 * Runs axe on the current page and fails on any violation of AXE_OPTIONS. `behindModal`: a modal is open
 * (USWDS's mobile menu), and the page behind it is hidden from assistive technology on purpose
 * (aria-hidden, and `inert` from laurel.js), so its main landmark and h1 are not there to find: the two
 * best-practice rules that look for them (`landmark-one-main`, `page-has-heading-one`) are not asked. Every
 * WCAG rule still runs.
 */
export async function checkA11y(page: Page, label = page.url(), opts: { behindModal?: boolean } = {}): Promise<void> {
  const options = opts.behindModal ? { ...AXE_OPTIONS, rules: { ...AXE_OPTIONS.rules, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } } } : AXE_OPTIONS;
  report(await new AxeBuilder({ page }).options(options).analyze(), label);
}

/** The violations of AXE_OPTIONS on the current page, one line per element (describeViolations), without failing. */
export async function axeViolations(page: Page): Promise<string[]> {
  return describeViolations((await new AxeBuilder({ page }).options(AXE_OPTIONS).analyze()).violations);
}

/**
 * Runs axe on one frame's document (a tool's page inside a learning platform's iframe), as a page of its
 * own: the page-level rules (title, lang, landmarks) apply to the framed document, and the platform's
 * page around it is not judged. axe is injected by the browser's debugger, so the page's CSP allows it.
 */
export async function checkFrameA11y(frame: Frame, label = frame.url()): Promise<void> {
  await frame.waitForLoadState('load');
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axe.source);
  const results = await frame.evaluate((options) => (window as unknown as { axe: typeof axe }).axe.run(document, options), AXE_OPTIONS as axe.RunOptions);
  report(results, label);
}

/**
 * Runs axe on an HTML email shown as a page of its own (`page.setContent`). AXE_OPTIONS less two
 * page-level landmark rules, for a documented reason: a message is never a page of its own, but shown
 * inside a mail program's page, whose landmarks contain it; a `main` in the message would be a second
 * main landmark in every webmail page. So the message is an `article` named by its subject
 * (domain/email.ts) and `region` and `landmark-one-main` are not asked of it. Everything else is.
 */
export async function checkEmailA11y(page: Page, html: string, label: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'domcontentloaded' });
  const options = { ...AXE_OPTIONS, rules: { ...AXE_OPTIONS.rules, region: { enabled: false }, 'landmark-one-main': { enabled: false } } };
  report(await new AxeBuilder({ page }).options(options).analyze(), label);
}

/** One line per failing element: rule (impact), what it asks, the element's selector and its HTML. */
export function describeViolations(violations: readonly axe.Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${n.target.join(' ')} — ${n.html.replace(/\s+/g, ' ').slice(0, 300)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  );
}

function report(results: axe.AxeResults, label: string): void {
  visited.push({ url: label, violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) });
  expect(describeViolations(results.violations), `axe on ${label}`).toEqual([]);
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
  if (opts.javaScriptEnabled === false) await startTrace(context);
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
    else await stopTrace(context);
    await context.close();
  }
}
