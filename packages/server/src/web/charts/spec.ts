// A report's Chart as a Vega-Lite specification: the one place that decides how Laurel's charts look.
// Rows are copied into three fixed fields (x, y, series) so a domain field name with a dot or a bracket
// never reads as a Vega-Lite path; months are drawn as "Jan 2026" from their UTC month, never a local date.
import type { TopLevelSpec } from 'vega-lite';
import type { Chart, ChartColumn } from '../../domain/reporting/types.ts';
import { formatMonth, monthStart } from './format.ts';
import { textWidth } from './text-metrics.ts';

/** The drawing's width: a USWDS desktop column. Pages scale it down through its viewBox. */
export const CHART_WIDTH = 640;
const PLOT_HEIGHT = 280;
const HBAR_STEP = 30;

/**
 * Okabe & Ito's colour-blind-safe set, with its orange darkened and its light blue and yellow left out so
 * every mark has at least 3:1 contrast on white (WCAG 1.4.11): 5.2, 3.9, 3.4, 3.1, 4.3, 17.1, 7.6.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#A86F00', '#1B1B1B', '#6A3D9A'] as const;
/** The site's font (USWDS Source Sans Pro) first; resvg knows the bundled file as "Source Sans Pro". */
export const FONT = '"Source Sans Pro Web", "Source Sans Pro", "Helvetica Neue", Helvetica, Arial, sans-serif';
const INK = '#1B1B1B';
const MUTED = '#565C65';
const GRID = '#DFE1E2';
/** Longest line of a wrapped category label, in characters; at most two lines, then an ellipsis. */
const LABEL_LINE = 24;

type Datum = { x: string; y: number; series?: string; t?: number; label?: string };

function column(chart: Chart, field: string): ChartColumn {
  return chart.columns.find((c) => c.field === field) ?? { field, title: field };
}

function isMonthAxis(chart: Chart): boolean {
  const c = column(chart, chart.x);
  return c.format === 'month' || (chart.kind === 'line' && c.format === undefined);
}

/** Two lines of at most LABEL_LINE characters, split at spaces; Vega draws a label array as lines. */
export function wrapLabel(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && `${line} ${w}`.length > LABEL_LINE) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  const out = lines.slice(0, 2).map((l) => (l.length > LABEL_LINE ? `${l.slice(0, LABEL_LINE - 1)}…` : l));
  const second = out[1];
  if (lines.length > 2 && second !== undefined) out[1] = `${second.length < LABEL_LINE ? second : second.slice(0, LABEL_LINE - 1).replace(/\s+\S*$/, '')}…`;
  return out.length ? out : [''];
}

function data(chart: Chart, month: boolean): Datum[] {
  const out: Datum[] = [];
  for (const row of chart.rows) {
    const y = row[chart.y];
    if (typeof y !== 'number' || !Number.isFinite(y)) continue;
    const raw = String(row[chart.x] ?? '');
    const d: Datum = { x: month ? formatMonth(raw) : raw, y };
    if (chart.color) d.series = String(row[chart.color] ?? '');
    if (month) {
      const t = monthStart(raw);
      if (t !== null) d.t = t;
    }
    if (chart.kind === 'hbar') d.label = wrapLabel(d.x).join('\n');
    out.push(d);
  }
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function valueAxis(c: ChartColumn): Record<string, unknown> {
  const axis: Record<string, unknown> = { title: c.title, tickMinStep: c.format === 'count' || c.format === undefined ? 1 : undefined };
  if (c.format === 'percent') axis.labelExpr = "format(datum.value, ',.0f') + '%'";
  else axis.format = c.format === 'days' ? ',.1~f' : ',.0f';
  return axis;
}

function valueScale(c: ChartColumn): Record<string, unknown> {
  return c.format === 'percent' ? { domain: [0, 100], nice: false } : { zero: true, nice: true };
}

function seriesEncoding(chart: Chart, values: readonly Datum[]): Record<string, unknown> {
  if (!chart.color) return {};
  const domain = unique(values.map((d) => d.series ?? ''));
  // Three columns of short names fit the drawing's width; long names (workflow states) get two wider ones,
  // so no label runs past the edge.
  const long = domain.some((d) => d.length > 22);
  const legend = { title: column(chart, chart.color).title, orient: 'top', direction: 'horizontal', columns: Math.min(domain.length, long ? 2 : 3), labelLimit: long ? 270 : 180 };
  return { color: { field: 'series', type: 'nominal', scale: { domain, range: PALETTE }, legend, sort: domain } };
}

const LABEL_SIZE = 14;

/**
 * Labels under vertical bars, measured in the site's font: level on one line when they fit their band,
 * level on two lines ("Jan" over "2026", or a long name wrapped) when those fit, else angled on one line
 * (shortened with an ellipsis past 180 px; Vega drops labels that would still collide).
 */
function bandAxis(title: string, labels: readonly string[], month: boolean): { axis: Record<string, unknown>; lines: (label: string) => string[] } {
  const band = (CHART_WIDTH - 90) / Math.max(1, labels.length);
  const widest = (ls: readonly string[]) => Math.max(0, ...ls.map((l) => textWidth({ fontSize: LABEL_SIZE }, l)));
  const split = (l: string) => (month ? l.split(' ') : wrapLabel(l));
  const level = { title, labelAngle: 0, labelAlign: 'center', labelBaseline: 'top', labelLimit: 0, labelExpr: "split(datum.label, '\\n')" };
  if (widest(labels) + 8 <= band) return { axis: level, lines: (l) => [l] };
  if (widest(labels.flatMap(split)) + 8 <= band) return { axis: level, lines: split };
  return { axis: { title, labelAngle: -45, labelAlign: 'right', labelBaseline: 'middle', labelLimit: 180, labelOverlap: 'greedy', labelSeparation: 4, labelExpr: "split(datum.label, '\\n')" }, lines: (l) => [l] };
}

function barSpec(chart: Chart, values: Datum[], month: boolean): Record<string, unknown> {
  const labels = unique(values.map((d) => d.x));
  const { axis, lines } = bandAxis(column(chart, chart.x).title, labels, month);
  for (const d of values) d.label = lines(d.x).join('\n');
  const grouped = chart.kind === 'grouped-bar' && chart.color;
  const encoding: Record<string, unknown> = {
    x: { field: 'label', type: 'ordinal', sort: labels.map((l) => lines(l).join('\n')), axis, scale: { paddingInner: month ? 0.15 : 0.25, paddingOuter: 0.1 } },
    y: { field: 'y', type: 'quantitative', axis: valueAxis(column(chart, chart.y)), scale: valueScale(column(chart, chart.y)), stack: grouped ? null : 'zero' },
    ...seriesEncoding(chart, values),
  };
  if (grouped) encoding.xOffset = { field: 'series', type: 'nominal', sort: unique(values.map((d) => d.series ?? '')) };
  return { height: PLOT_HEIGHT, mark: { type: 'bar', stroke: chart.color ? '#ffffff' : undefined, strokeWidth: chart.color ? 1 : undefined }, encoding };
}

function hbarSpec(chart: Chart, values: Datum[]): Record<string, unknown> {
  // Longest first: the total per category (stacked when there is a series), ties in row order.
  const totals = new Map<string, number>();
  for (const d of values) totals.set(d.label!, (totals.get(d.label!) ?? 0) + d.y);
  const order = [...totals.entries()].map(([k, v], i) => ({ k, v, i })).sort((a, b) => b.v - a.v || a.i - b.i).map((e) => e.k);
  const lines = order.some((l) => l.includes('\n'));
  return {
    // A fixed height from the count (not a Vega-Lite step, which would turn the fixed width off).
    height: order.length * (lines ? HBAR_STEP + 10 : HBAR_STEP),
    mark: { type: 'bar', stroke: chart.color ? '#ffffff' : undefined, strokeWidth: chart.color ? 1 : undefined },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: order, scale: { paddingInner: 0.2 }, axis: { title: column(chart, chart.x).title, labelExpr: "split(datum.label, '\\n')", labelLimit: 0, labelPadding: 6 } },
      x: { field: 'y', type: 'quantitative', axis: valueAxis(column(chart, chart.y)), scale: valueScale(column(chart, chart.y)), stack: 'zero' },
      ...seriesEncoding(chart, values),
    },
  };
}

function lineSpec(chart: Chart, values: Datum[]): Record<string, unknown> {
  const months = values.filter((d) => d.t !== undefined).length;
  const span = new Set(values.map((d) => d.t)).size;
  // Ticks on whole quarters or years once there are many months, so labels read Jan, Apr, Jul…
  const step = [1, 2, 3, 6, 12, 24].find((s) => span / s <= 8) ?? 60;
  const level = Math.ceil(span / step) * (textWidth({ fontSize: LABEL_SIZE }, 'May 2026') + 16) <= CHART_WIDTH - 90;
  const overMonths = values.length > 0 && months === values.length;
  const angle = level ? { labelAngle: 0, labelAlign: 'center' } : { labelAngle: -45, labelAlign: 'right' };
  // A line over categories (not months) reads them in row order, as bars do.
  const x = overMonths
    ? { field: 't', type: 'temporal', scale: { type: 'utc', nice: false }, axis: { title: column(chart, chart.x).title, format: '%b %Y', tickCount: { interval: 'month', step }, labelOverlap: 'greedy', ...angle, grid: false } }
    : { field: 'x', type: 'ordinal', sort: unique(values.map((d) => d.x)), axis: bandAxis(column(chart, chart.x).title, unique(values.map((d) => d.x)), false).axis };
  const y = { field: 'y', type: 'quantitative', axis: valueAxis(column(chart, chart.y)), scale: valueScale(column(chart, chart.y)) };
  const series = seriesEncoding(chart, values);
  // A shape per series as well as a colour, so the lines part without colour vision; one merged legend.
  const color = series.color as { sort: string[]; legend: unknown } | undefined;
  const shape = color ? { shape: { field: 'series', type: 'nominal', sort: color.sort, legend: color.legend } } : {};
  return {
    height: PLOT_HEIGHT,
    encoding: { x, y, ...series, ...shape },
    // The points are the line's overlay (one symbol per month), so a single month still shows.
    mark: { type: 'line', strokeWidth: 2.5, point: { filled: true, size: months > 36 ? 30 : 60, opacity: 1 } },
  };
}

/** The Vega-Lite specification of a chart (its rows inline). */
export function chartToVegaLite(chart: Chart): TopLevelSpec {
  const month = isMonthAxis(chart);
  const values = data(chart, month);
  const body = chart.kind === 'line' ? lineSpec(chart, values) : chart.kind === 'hbar' ? hbarSpec(chart, values) : barSpec(chart, values, month);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    padding: { top: 8, right: 16, bottom: 8, left: 8 },
    background: '#ffffff',
    data: { values },
    ...body,
    config: {
      // The page gives the drawing one accessible name and description; the marks' own ARIA labels would
      // be hidden inside role="img" anyway, and the table beside it carries every value.
      aria: false,
      font: FONT,
      view: { stroke: null },
      range: { category: [...PALETTE] },
      mark: { color: PALETTE[0] },
      axis: { labelColor: INK, titleColor: INK, labelFontSize: LABEL_SIZE, titleFontSize: 15, titleFontWeight: 700, domainColor: MUTED, tickColor: MUTED, gridColor: GRID, titlePadding: 10 },
      legend: { labelColor: INK, titleColor: INK, labelFontSize: LABEL_SIZE, titleFontSize: 15, titleFontWeight: 700, symbolSize: 120 },
    },
  };
  return spec as TopLevelSpec;
}
