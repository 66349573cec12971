// The chart layer (issue #16 item 3): Vega-Lite → Vega → SVG on the server, made accessible and safe under
// the pages' CSP; the same chart as a PNG, a CSV and a figure with its table.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { Chart } from '../src/domain/reporting/types.ts';
import { chartCsv } from '../src/web/charts/csv.ts';
import { formatCell, formatMonth } from '../src/web/charts/format.ts';
import { parse as parseVega, View, type Spec } from 'vega';
import { compile as compileLite } from 'vega-lite';
import { compileChart, finishSvg, renderChartPng, renderChartSvg } from '../src/web/charts/render.ts';
import { ChartRenderer, chartKey } from '../src/web/charts/renderer.ts';
import { chartToVegaLite, wrapLabel } from '../src/web/charts/spec.ts';
import { ChartFigure, tableOf } from '../src/web/components/chart-figure.tsx';
import * as S from './helpers/charts.ts';

function parseSvg(svg: string): XmlElement {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc.documentElement!;
}

function all(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [el];
  for (const c of Array.from(el.childNodes)) if (c.nodeType === 1) out.push(...all(c as XmlElement));
  return out;
}

/** The drawn marks of one Vega mark type (rect, symbol, line): the children of its role-mark groups. */
function marks(root: XmlElement, type: string): XmlElement[] {
  return all(root)
    .filter((e) => e.localName === 'g' && (e.getAttribute('class') ?? '').split(' ').includes(`mark-${type}`) && (e.getAttribute('class') ?? '').includes('role-mark'))
    .flatMap((g) => Array.from(g.childNodes).filter((c): c is XmlElement => c.nodeType === 1 && (c as XmlElement).localName === 'path'));
}

function texts(root: XmlElement): string[] {
  return all(root)
    .filter((e) => e.localName === 'text')
    .map((e) => {
      // A label on two lines is one <text> with a <tspan> per line.
      const spans = Array.from(e.childNodes).filter((c): c is XmlElement => c.nodeType === 1 && (c as XmlElement).localName === 'tspan');
      return spans.length ? spans.map((t) => t.textContent ?? '').join(' ') : (e.textContent ?? '');
    });
}

function expectSafeAndAccessible(svg: string, chart: Chart): XmlElement {
  const root = parseSvg(svg);
  expect(root.localName).toBe('svg');
  expect(root.getAttribute('role')).toBe('img');
  expect(root.getAttribute('viewBox')).toMatch(/^0 0 640 \d+$/);
  const [titleId, descId] = (root.getAttribute('aria-labelledby') ?? '').split(' ');
  const byId = (id: string | undefined) => all(root).find((e) => e.getAttribute('id') === id);
  expect(byId(titleId)?.localName).toBe('title');
  expect(byId(titleId)?.textContent).toBe(chart.title);
  expect(byId(descId)?.localName).toBe('desc');
  expect(byId(descId)?.textContent).toBe(chart.summary);
  for (const el of all(root)) {
    expect(['script', 'style', 'foreignObject', 'image', 'use', 'a']).not.toContain(el.localName);
    for (const a of Array.from(el.attributes)) {
      expect(a.name).not.toBe('style');
      expect(a.name).not.toMatch(/^on/i);
      expect(a.name).not.toMatch(/href$/i);
      if (a.name !== 'xmlns') expect(a.value).not.toMatch(/url\(|javascript:|https?:\/\//i);
    }
  }
  return root;
}

describe('chart SVG', () => {
  it.each(S.ALL_KINDS.map((c) => [c.kind, c] as const))('draws a %s chart, safe under a style-src self CSP and titled', async (_kind, chart) => {
    expect(compileChart(chart).warnings).toEqual([]);
    expectSafeAndAccessible(await renderChartSvg(chart), chart);
  });

  it('draws one bar per row, stacked by series, with months as "Jan 2026"', async () => {
    const root = expectSafeAndAccessible(await renderChartSvg(S.requestsByMonth), S.requestsByMonth);
    expect(marks(root, 'rect')).toHaveLength(S.requestsByMonth.rows.length);
    const labels = texts(root);
    expect(labels).toContain('Jan 2026');
    expect(labels).not.toContain('2026-01');
    // The legend names each series, in the rows' order.
    expect(labels).toEqual(expect.arrayContaining(['Submitted', 'In review', 'Decided', 'State', 'Requests']));
  });

  it('draws grouped bars side by side: one per institution and measure', async () => {
    const root = expectSafeAndAccessible(await renderChartSvg(S.issuedAndClaimed), S.issuedAndClaimed);
    const bars = marks(root, 'rect');
    expect(bars).toHaveLength(8);
    // Side by side: no two bars share an x position (stacked bars would).
    const xs = bars.map((b) => /^M([\d.]+),/.exec(b.getAttribute('d') ?? '')?.[1]);
    expect(new Set(xs).size).toBe(8);
  });

  it('draws horizontal bars longest first, long labels wrapped on two lines', async () => {
    const spec = chartToVegaLite(S.topSkills) as unknown as { encoding: { y: { sort: string[] } } };
    const byCount = [...S.topSkills.rows].sort((a, b) => (b.programs as number) - (a.programs as number));
    expect(spec.encoding.y.sort[0]).toBe(wrapLabel(String(byCount[0]!.skill)).join('\n'));
    const root = expectSafeAndAccessible(await renderChartSvg(S.topSkills), S.topSkills);
    const bars = marks(root, 'rect');
    expect(bars).toHaveLength(15);
    // Longest first: the bars' lengths never grow from top to bottom.
    const geometry = bars.map((b) => /^M[\d.]+,([\d.]+)h([\d.]+)/.exec(b.getAttribute('d') ?? '')!).map((m) => ({ y: Number(m[1]), w: Number(m[2]) }));
    const ordered = [...geometry].sort((a, b) => a.y - b.y).map((g) => g.w);
    expect(ordered).toEqual([...ordered].sort((a, b) => b - a));
    // Markup in a label is text, escaped, never an element.
    expect(texts(root).join(' ')).toContain('analysis & <reporting>…');
    expect(wrapLabel('Skill 1: patient data analysis & <reporting> in rural healthcare settings')).toEqual(['Skill 1: patient data', 'analysis & <reporting>…']);
  });

  it('draws a line per series with a point per month over 60 months', async () => {
    const root = expectSafeAndAccessible(await renderChartSvg(S.claimRate), S.claimRate);
    expect(marks(root, 'line')).toHaveLength(3);
    expect(marks(root, 'symbol')).toHaveLength(S.claimRate.rows.length);
    const labels = texts(root);
    // Ticks at whole years, read as months.
    expect(labels).toEqual(expect.arrayContaining(['Jan 2022', 'Jan 2026', '0%', '100%']));
  });

  it('draws a single month as a point, and leaves rows without a value out', async () => {
    const one = expectSafeAndAccessible(await renderChartSvg(S.oneRow), S.oneRow);
    expect(marks(one, 'symbol')).toHaveLength(1);
    const nulls = expectSafeAndAccessible(await renderChartSvg(S.withNulls), S.withNulls);
    expect(marks(nulls, 'rect')).toHaveLength(2);
  });

  it('draws months on a bar axis of an hbar as "Jan 2026", and a line over categories in row order', async () => {
    const hbarMonths: Chart = { ...S.oneRow, id: 'hbar-months', kind: 'hbar', rows: [{ month: '2026-10', issued: 3 }, { month: '2026-11', issued: 9 }] };
    const root = expectSafeAndAccessible(await renderChartSvg(hbarMonths), hbarMonths);
    expect(texts(root)).toEqual(expect.arrayContaining(['Nov 2026', 'Oct 2026']));
    expect(marks(root, 'rect')).toHaveLength(2);
    const stages: Chart = { ...S.withNulls, id: 'stages-line', kind: 'line', rows: S.withNulls.rows.slice(0, 2) };
    expect(compileChart(stages).warnings).toEqual([]);
    const line = expectSafeAndAccessible(await renderChartSvg(stages), stages);
    expect(marks(line, 'symbol')).toHaveLength(2);
    expect(texts(line)).toEqual(expect.arrayContaining(['Submitted → in review', 'In review → recommendation']));
  });

  it('is deterministic, escapes its title and summary, and draws an empty chart as an empty frame', async () => {
    expect(await renderChartSvg(S.claimRate)).toBe(await renderChartSvg(S.claimRate));
    const hostile: Chart = { ...S.oneRow, title: 'Badges <script>alert(1)</script> & "more"', summary: "It's <b>bold</b>." };
    const svg = await renderChartSvg(hostile);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expectSafeAndAccessible(svg, hostile);
    const root = expectSafeAndAccessible(await renderChartSvg(S.empty), S.empty);
    expect(marks(root, 'symbol')).toHaveLength(0);
  });
});

describe('compiled specs reused across figures', () => {
  it('draws the same bytes as compiling the chart with its rows, for every kind and after the rows change', async () => {
    const direct = async (chart: Chart) => {
      const spec = compileLite(JSON.parse(JSON.stringify(chartToVegaLite(chart))) as Parameters<typeof compileLite>[0]).spec as Spec;
      const view = new View(parseVega(spec), { renderer: 'none', logLevel: 0 });
      try {
        return finishSvg(await view.toSVG(), chart);
      } finally {
        view.finalize();
      }
    };
    for (const chart of [...S.ALL_KINDS, S.oneRow, S.withNulls]) {
      expect(await renderChartSvg(chart)).toBe(await direct(chart));
      // The same shape with other figures: the cached compilation, the new rows.
      const moved: Chart = { ...chart, rows: chart.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v + 1 : v]))) };
      const svg = await renderChartSvg(moved);
      expect(svg).toBe(await direct(moved));
      expect(svg).not.toBe(await renderChartSvg(chart));
      expect(compileChart(moved).warnings).toEqual([]);
    }
  });
});

describe('chart PNG', () => {
  it('renders with the bundled fonts at twice the width', async () => {
    const png = await renderChartPng(S.requestsByMonth);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(500);
    expect(png.length).toBeGreaterThan(20_000);
  });
});

describe('chart CSV', () => {
  it('has the columns as header, values as stored, CRLF lines, quotes and formula guard', () => {
    const chart: Chart = {
      ...S.withNulls,
      rows: [
        { stage: '=HYPERLINK("http://x")', days: 3.5 },
        { stage: 'Say "hi", then\nleave', days: null },
        { stage: 'Évaluation — 評価', days: -2 },
      ],
    };
    expect(chartCsv(chart)).toBe(['Stage,Median days', `"'=HYPERLINK(""http://x"")",3.5`, '"Say ""hi"", then\nleave",', 'Évaluation — 評価,-2', ''].join('\r\n'));
    expect(chartCsv(S.requestsByMonth).split('\r\n')[1]).toBe('2026-01,Submitted,0');
    expect(chartCsv(S.empty)).toBe('Month,Badge class,Claim rate (%)\r\n');
  });
});

describe('ChartFigure', () => {
  it('shows the heading, summary, drawing, a table with caption and scoped headers, and the CSV link', async () => {
    const svg = await renderChartSvg(S.withNulls);
    const html = renderToString(h(ChartFigure, { chart: S.withNulls, svg, csvHref: '/reports/charts/time-to-decision.csv', headingLevel: 3 }));
    expect(html).toContain('<figure class="laurel-chart" aria-labelledby="chart-time-to-decision-heading"');
    expect(html).toContain('<h3 id="chart-time-to-decision-heading" class="laurel-chart__title">Days to decision by stage</h3>');
    expect(html).toContain(S.withNulls.summary);
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<caption class="usa-sr-only">Data for: Days to decision by stage<\/caption>/);
    expect(html).toContain('<th scope="col" class="text-right laurel-nowrap">Median days</th>');
    expect(html).toContain('<th scope="row">Submitted → in review</th>');
    expect(html).toContain('<td class="text-right laurel-nowrap">3.5</td>');
    expect(html).toContain('<span aria-hidden="true">—</span><span class="usa-sr-only">none</span>');
    expect(html).toContain('href="/reports/charts/time-to-decision.csv"');
    expect(html).toContain('Download the data (CSV)');
  });

  it('formats months and counts in the table', async () => {
    const html = renderToString(h(ChartFigure, { chart: S.issuedAndClaimed, svg: '', csvHref: '/x.csv' }));
    expect(html).toContain('<h2 ');
    expect(html).toContain('>1,200</td>');
    expect(formatMonth('2026-01')).toBe('Jan 2026');
    expect(formatMonth('2026-12')).toBe('Dec 2026');
    expect(formatCell('2026-07', 'month')).toBe('Jul 2026');
    expect(formatCell(12.34, 'percent')).toBe('12.3%');
    expect(formatCell(null, 'count')).toBeNull();
  });

  it('pivots a chart with a series to a row per category and a column per series; the CSV stays long', () => {
    const t = tableOf(S.requestsByMonth);
    const states = [...new Set(S.requestsByMonth.rows.map((r) => String(r.state)))];
    expect(t.columns.map((c) => c.title)).toEqual(['Month', ...states]);
    expect(t.rows).toHaveLength(12);
    for (const r of S.requestsByMonth.rows) expect(t.rows.find((x) => x.month === r.month)![`s:${String(r.state)}`]).toBe(r.requests);
    // A wide table goes under the drawing at the page's width; the CSV keeps one row per month and state.
    const html = renderToString(h(ChartFigure, { chart: S.requestsByMonth, svg: '<svg></svg>', csvHref: '/x.csv' }));
    expect(html).toContain('laurel-chart__table--wide');
    expect(chartCsv(S.requestsByMonth).trim().split('\r\n')).toHaveLength(S.requestsByMonth.rows.length + 1);
    // A chart with other columns besides its category, series and measure is shown as stored.
    expect(tableOf(S.withNulls)).toBe(S.withNulls);
  });

  it('says what is empty instead of a chart and a table', () => {
    const html = renderToString(h(ChartFigure, { chart: S.empty, svg: '<svg></svg>', csvHref: '/x.csv' }));
    expect(html).toContain('No badges issued in these months.');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<table');
  });
});

describe('ChartRenderer', () => {
  it('keeps SVGs in a bounded LRU keyed by the chart, whatever its key order', async () => {
    const r = new ChartRenderer({ maxEntries: 2 });
    const first = await r.svg(S.oneRow);
    const reordered = Object.fromEntries(Object.entries(S.oneRow).reverse()) as unknown as Chart;
    expect(chartKey(reordered)).toBe(chartKey(S.oneRow));
    expect(r.svg(reordered)).toBe(r.svg(S.oneRow));
    expect(await r.svg(reordered)).toBe(first);
    expect(chartKey({ ...S.oneRow, rows: [{ month: '2026-11', issued: 43 }] })).not.toBe(chartKey(S.oneRow));
    await r.svg(S.withNulls);
    await r.svg(S.requestsByMonth);
    expect(r.cachedSvgs).toBe(2);
    const png = await r.png(S.oneRow);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
