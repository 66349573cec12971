// A chart drawn on the server: Vega-Lite compiled to Vega, run headless (no canvas: renderer 'none',
// text measured by Vega's estimate) and serialised by Vega's SVG renderer, then made fit for a page
// whose CSP forbids inline styles: one accessible name and description, no style attributes, no
// scripts, handlers or outside references. The same SVG becomes a PNG (email, PDF) through resvg.
import { DOMParser, XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';
import { parse, View, type LoggerInterface, type Spec } from 'vega';
import { compile } from 'vega-lite';
import { renderPngWithin } from '../../domain/inventory/badge-art.ts';
import type { Chart } from '../../domain/reporting/types.ts';
import { chartToVegaLite, CHART_WIDTH } from './spec.ts';
import { hasGlyph, useSourceSansMetrics } from './text-metrics.ts';

useSourceSansMetrics();

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Presentation attributes a style declaration may become; anything else in a style is dropped. */
const PRESENTATION = new Set(['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'display', 'visibility', 'shape-rendering']);

/** Element ids inside the SVG for a chart: its id is URL-safe, so it is safe in an id as well. */
export function chartDomIds(chart: Chart): { title: string; desc: string } {
  return { title: `chart-${chart.id}-title`, desc: `chart-${chart.id}-desc` };
}

/** Vega-Lite's compiler warnings go here rather than to the console; tests assert there are none. */
function collector(warnings: string[]): LoggerInterface {
  let level = 0;
  const log: LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return log as never;
    },
    error: (...args: readonly unknown[]) => (warnings.push(`error: ${args.join(' ')}`), log),
    warn: (...args: readonly unknown[]) => (warnings.push(args.join(' ')), log),
    info: () => log,
    debug: () => log,
  } as LoggerInterface;
  return log;
}

/**
 * Vega specifications compiled from Vega-Lite, by the Vega-Lite spec *without its rows*: a dashboard's
 * chart whose figures moved has the same shape as before, so only its rows change and Vega-Lite (about a
 * quarter of a cold render) is skipped. Vega-Lite does not read inline rows while compiling — they stay one
 * `values` array in the Vega spec — so the rows are put back in a copy. The same shape's Vega runtime
 * (`parse`, another fifth) is kept too: a new View is made from it and handed the rows before its first
 * run, which draws the same bytes as parsing the spec with its rows inline (tested). Bounded; a pure
 * function's memo — a runtime spec is read, never changed, by the Views made from it.
 */
const COMPILED_MAX = 200;
interface Compiled {
  readonly spec: Spec;
  readonly warnings: string[];
  /** The name of the one inline data source in `spec` (its `values` are empty here). */
  readonly source: string;
  runtime?: ReturnType<typeof parse>;
}
const compiled = new Map<string, Compiled>();

function compiledShape(chart: Chart): { hit: Compiled; rows: unknown[] } {
  // JSON round trip: unset options are dropped, so the spec (and the drawing) depend on values only.
  const lite = JSON.parse(JSON.stringify(chartToVegaLite(chart))) as Parameters<typeof compile>[0] & { data: { values: unknown[] } };
  const rows = lite.data.values;
  const key = JSON.stringify({ ...lite, data: { values: [] } });
  let hit = compiled.get(key);
  if (!hit) {
    const warnings: string[] = [];
    const spec = compile({ ...lite, data: { values: [] } }, { logger: collector(warnings) }).spec as Spec;
    const sources = (spec.data ?? []).filter((d) => Array.isArray((d as { values?: unknown }).values));
    if (sources.length !== 1) throw new Error(`chart ${chart.id}: expected one inline data source in the compiled spec, found ${sources.length}`);
    hit = { spec, warnings, source: sources[0]!.name };
    compiled.set(key, hit);
    if (compiled.size > COMPILED_MAX) compiled.delete(compiled.keys().next().value as string);
  }
  return { hit, rows };
}

/** The chart's Vega specification and what Vega-Lite warned about while compiling it. */
export function compileChart(chart: Chart): { spec: Spec; warnings: string[] } {
  const { hit, rows } = compiledShape(chart);
  const spec = structuredClone(hit.spec);
  const source = (spec.data ?? []).find((d) => d.name === hit.source) as { values: unknown[] };
  source.values = rows;
  return { spec, warnings: [...hit.warnings] };
}

function styleToAttributes(el: XmlElement): void {
  const style = el.getAttribute('style');
  el.removeAttribute('style');
  if (!style) return;
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const name = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    if (PRESENTATION.has(name) && value && !/url\(|expression\(/i.test(value) && !el.hasAttribute(name)) el.setAttribute(name, value);
  }
}

function scrub(el: XmlElement): void {
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (name.startsWith('on') || name.startsWith('aria-') || name === 'role' || name === 'tabindex' || name === 'cursor' || name === 'pointer-events') el.removeAttribute(attr.name);
    else if ((name === 'href' || name === 'xlink:href' || name === 'src') && !attr.value.startsWith('#')) el.removeAttribute(attr.name);
  }
  styleToAttributes(el);
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType !== 1) continue;
    const c = child as XmlElement;
    const tag = (c.localName ?? c.nodeName).toLowerCase();
    if (tag === 'script' || tag === 'foreignobject' || tag === 'style' || tag === 'image' || tag === 'use') el.removeChild(c);
    else scrub(c);
  }
}

/** Vega's SVG made a page's image: role, title and description first, nothing the page's CSP would refuse. */
export function finishSvg(svg: string, chart: Chart): string {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg') throw new Error('Vega did not produce an SVG document.');
  scrub(root);
  root.removeAttribute('xmlns:xlink');
  root.setAttribute('class', 'laurel-chart__svg');
  const ids = chartDomIds(chart);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-labelledby', `${ids.title} ${ids.desc}`);
  root.setAttribute('focusable', 'false');
  const title = doc.createElementNS(SVG_NS, 'title');
  title.setAttribute('id', ids.title);
  title.appendChild(doc.createTextNode(chart.title));
  const desc = doc.createElementNS(SVG_NS, 'desc');
  desc.setAttribute('id', ids.desc);
  desc.appendChild(doc.createTextNode(chart.summary));
  root.insertBefore(desc, root.firstChild);
  root.insertBefore(title, desc);
  return new XMLSerializer().serializeToString(root);
}

/**
 * The chart as an accessible SVG string; the same chart always gives the same bytes. Rows with no value
 * (null) are left out of the drawing; the table beside it shows them. An empty chart has no drawing:
 * callers show `chart.empty` instead (this still returns a valid, empty frame so a caller cannot break).
 */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const { hit, rows } = compiledShape(chart);
  hit.runtime ??= parse(hit.spec);
  const view = new View(hit.runtime, { renderer: 'none', logLevel: 0 });
  try {
    view.data(hit.source, rows);
    return finishSvg(await view.toSVG(), chart);
  } finally {
    view.finalize();
  }
}

/** Twice the drawing's width, so the PNG is sharp in an email or a printed PDF. */
export const PNG_SCALE = 2;

/** ASCII for the few symbols a chart's labels use that Source Sans Pro has no glyph for. */
const PNG_SUBSTITUTES: Readonly<Record<string, string>> = { '→': '->', '←': '<-', '≤': '<=', '≥': '>=', '≠': '!=' };

/**
 * The chart as a PNG for email and the PDF, drawn by resvg off the main thread with the bundled Source
 * Sans Pro only (the same image on every machine). resvg's fallback to system fonts sets a whole label in
 * another face, so the few symbols the font lacks are written in ASCII instead; other characters the
 * font lacks (CJK) show as boxes in the PNG only — the SVG on the page uses the browser's fallbacks.
 */
export async function renderChartPng(chart: Chart, svg?: string): Promise<Buffer> {
  const drawn = (svg ?? (await renderChartSvg(chart))).replace(/[→←≤≥≠]/g, (c) => (hasGlyph(c) ? c : (PNG_SUBSTITUTES[c] ?? c)));
  return renderPngWithin(drawn, CHART_WIDTH * PNG_SCALE, { budgetMs: 10_000 });
}
