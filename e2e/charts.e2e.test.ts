// The server-drawn charts in a real browser under the app's own CSP (style-src 'self', no inline styles):
// the figures sit in the real page chrome and stylesheets, axe finds nothing serious, the browser
// reports no CSP violation, and the axis labels — measured with the real fonts — neither overlap nor
// run outside the drawing. Screenshots: desktop, phone, print.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../packages/server/src/web/charts/render.ts';
import { ChartFigure } from '../packages/server/src/web/components/chart-figure.tsx';
import * as S from '../packages/server/test/helpers/charts.ts';
import { checkA11y, inContext, launch, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
let server: RunningServer;
let browser: Browser;
let page: { html: string; csp: string };

const CHARTS = [S.requestsByMonth, S.issuedAndClaimed, S.topSkills, S.claimRate, S.oneRow, S.withNulls, S.empty];

beforeAll(async () => {
  server = await startServer({ LAUREL_SIGNING_THREADS: '0' });
  browser = await launch();
  // The home page as the app serves it: its CSP header and its chrome, with the figures as its content.
  const res = await fetch(`${server.url}/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("style-src 'self'");
  const home = await res.text();
  const figures = await Promise.all(CHARTS.map(async (chart) => renderToString(h(ChartFigure, { chart, svg: await renderChartSvg(chart), csvHref: `/charts/${chart.id}.csv` }))));
  const main = /(<main[^>]*>)[\s\S]*(<\/main>)/;
  expect(home).toMatch(main);
  page = { csp, html: home.replace(main, (_m, open: string, close: string) => `${open}<div class="grid-container"><h1>Charts</h1>${figures.join('')}</div>${close}`) };
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(p: Page): Promise<string[]> {
  const violations: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  await p.route(`${server.url}/__charts`, (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp }, body: page.html }));
  await p.goto(`${server.url}/__charts`);
  await p.waitForLoadState('networkidle');
  return violations;
}

/** Every axis and legend label's box, by the browser's fonts: none overlaps another, none leaves its SVG. */
async function labelProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const problems: string[] = [];
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>('svg.laurel-chart__svg'))) {
      const frame = svg.getBoundingClientRect();
      const groups = Array.from(svg.querySelectorAll('g.role-axis-label, g.role-legend-label, g.role-axis-title, g.role-legend-title'));
      for (const g of groups) {
        const boxes = Array.from(g.querySelectorAll('text'))
          .filter((t) => t.getAttribute('opacity') !== '0')
          .map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }));
        for (const b of boxes) {
          if (b.r.left < frame.left - 0.5 || b.r.right > frame.right + 0.5 || b.r.top < frame.top - 0.5 || b.r.bottom > frame.bottom + 0.5) problems.push(`${svg.id || svg.getAttribute('aria-labelledby')}: "${b.text}" outside the drawing`);
        }
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!.r;
            const c = boxes[j]!.r;
            const overlap = Math.min(a.right, c.right) - Math.max(a.left, c.left) > 1 && Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) > 1;
            if (overlap && g.classList.contains('role-axis-label') && !svg.querySelector('g.role-axis-label text[transform*="rotate"]')) problems.push(`${svg.getAttribute('aria-labelledby')}: "${boxes[i]!.text}" overlaps "${boxes[j]!.text}"`);
          }
      }
    }
    return problems;
  });
}

describe('charts in the browser', () => {
  it('show under the app CSP with no violation, pass axe, and keep their labels inside and apart (desktop)', async () => {
    await inContext({ browser, name: 'charts-desktop', serverOutput: () => server.output() }, async (p) => {
      const violations = await open(p);
      await expect.poll(() => p.getByRole('img', { name: /Requests by state and month/ }).count()).toBe(1);
      expect(await p.getByRole('table', { name: 'Data for: Top skills' }).count()).toBe(1);
      expect(await p.getByText('No badges issued in these months.').count()).toBe(1);
      // The drawings scale to their column (viewBox), never wider than it.
      const widths = await p.locator('svg.laurel-chart__svg').evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().width, e.parentElement!.getBoundingClientRect().width]));
      for (const [w, col] of widths) expect(w).toBeLessThanOrEqual(col! + 0.5);
      expect(widths.every(([w]) => w! > 300)).toBe(true);
      await checkA11y(p, 'charts');
      expect(await labelProblems(p)).toEqual([]);
      await screenshot(p, 'charts-desktop');
      for (const id of ['requests-by-month', 'claim-rate']) await p.locator(`#chart-${id}`).screenshot({ path: path.join(ARTIFACTS, `chart-${id}.png`) });
      expect(violations).toEqual([]);
    });
  });

  it('stack chart and table on a phone, and print each figure whole', async () => {
    await inContext({ browser, name: 'charts-narrow', serverOutput: () => server.output(), viewport: { width: 390, height: 844 } }, async (p) => {
      const violations = await open(p);
      const [svgBox, tableBox] = await Promise.all([p.locator('#chart-top-skills svg').boundingBox(), p.locator('#chart-top-skills table').boundingBox()]);
      expect(tableBox!.y).toBeGreaterThan(svgBox!.y + svgBox!.height - 1);
      await checkA11y(p, 'charts (phone)');
      await screenshot(p, 'charts-phone');
      // Print on US Letter: 8.5 in at 96 px per inch.
      await p.setViewportSize({ width: 816, height: 1056 });
      await p.emulateMedia({ media: 'print' });
      const breakInside = await p.locator('figure.laurel-chart').first().evaluate((e) => getComputedStyle(e).breakInside);
      expect(breakInside).toBe('avoid');
      expect(await p.locator('.laurel-chart__download').first().isVisible()).toBe(false);
      await screenshot(p, 'charts-print');
      await p.locator('#chart-issued-claimed').screenshot({ path: path.join(ARTIFACTS, 'chart-issued-claimed-print.png') });
      expect(violations).toEqual([]);
    });
  });
});
