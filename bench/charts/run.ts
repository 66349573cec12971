// Chart rendering cost, per chart and for a dashboard of ten: cold (Vega-Lite compile + Vega parse, run
// and SVG serialisation, each chart with figures never drawn before) and warm (the same charts again,
// from ChartRenderer's LRU), plus the PNG. In process, after a warm-up that loads and JITs the modules.
// Run: npx tsx bench/charts/run.ts      Env: ROUNDS (20).
import type { Chart } from '../../packages/server/src/domain/reporting/types.ts';
import { renderChartPng, renderChartSvg } from '../../packages/server/src/web/charts/render.ts';
import { ChartRenderer } from '../../packages/server/src/web/charts/renderer.ts';
import * as S from '../../packages/server/test/helpers/charts.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const SAMPLES: readonly Chart[] = [S.requestsByMonth, S.issuedAndClaimed, S.topSkills, S.claimRate, S.oneRow, S.withNulls];
/** A dashboard's ten charts: the samples, with their figures changed per round so nothing is cached. */
const DASHBOARD: readonly Chart[] = [...SAMPLES, S.requestsByMonth, S.issuedAndClaimed, S.topSkills, S.withNulls].map((c, i) => ({ ...c, id: `${c.id}-${i}` }));

function vary(c: Chart, round: number): Chart {
  return { ...c, rows: c.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v + round : v]))) };
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const fmt = (xs: number[]) => `median ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;

for (const c of SAMPLES) await renderChartSvg(vary(c, -1)); // warm-up

for (const c of SAMPLES) {
  const cold: number[] = [];
  const png: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const chart = vary(c, r);
    let t = performance.now();
    const svg = await renderChartSvg(chart);
    cold.push(performance.now() - t);
    t = performance.now();
    await renderChartPng(chart, svg);
    png.push(performance.now() - t);
  }
  console.log(`${c.id.padEnd(20)} ${String(c.rows.length).padStart(4)} rows  SVG cold ${fmt(cold)}  PNG (from SVG) ${fmt(png)}`);
}

const renderer = new ChartRenderer();
const cold: number[] = [];
const warm: number[] = [];
const warmChart: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const charts = DASHBOARD.map((c) => vary(c, 1000 + r));
  let t = performance.now();
  for (const c of charts) await renderer.svg(c);
  cold.push(performance.now() - t);
  t = performance.now();
  for (const c of charts) {
    const t1 = performance.now();
    await renderer.svg(c);
    warmChart.push(performance.now() - t1);
  }
  warm.push(performance.now() - t);
}
console.log(`dashboard of ${DASHBOARD.length} charts: cold ${fmt(cold)}; warm (LRU) ${fmt(warm)}; warm per chart ${fmt(warmChart)}`);
