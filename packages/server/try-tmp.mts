import { renderChartSvg, renderChartPng } from './src/web/charts/render.ts';
import fs from 'node:fs';
const months = (n: number) => Array.from({ length: n }, (_, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const charts: any[] = [
  { id: 'bar', title: 'Requests by state & month', summary: 'Stacked.', kind: 'bar', x: 'month', y: 'n', color: 'state', empty: 'none',
    columns: [{ field: 'month', title: 'Month', format: 'month' }, { field: 'state', title: 'State', format: 'text' }, { field: 'n', title: 'Requests', format: 'count' }],
    rows: months(12).flatMap((m, i) => ['Submitted', 'In review', 'Decided'].map((s, j) => ({ month: m, state: s, n: (i * 3 + j * 5) % 11 }))) },
  { id: 'grouped', title: 'Issued and claimed', summary: 'Grouped.', kind: 'grouped-bar', x: 'inst', y: 'n', color: 'what', empty: 'none',
    columns: [{ field: 'inst', title: 'Institution', format: 'text' }, { field: 'what', title: 'Measure', format: 'text' }, { field: 'n', title: 'Badges', format: 'count' }],
    rows: ['Northern State University', 'Central Community College', 'Western Tech'].flatMap((s, i) => ['Issued', 'Claimed'].map((w, j) => ({ inst: s, what: w, n: 100 + i * 40 - j * 30 }))) },
  { id: 'hbar', title: 'Top skills', summary: 'Hbar.', kind: 'hbar', x: 'skill', y: 'n', empty: 'none',
    columns: [{ field: 'skill', title: 'Skill', format: 'text' }, { field: 'n', title: 'Badge classes', format: 'count' }],
    rows: Array.from({ length: 15 }, (_, i) => ({ skill: `Very long skill name number ${i} about <data> & analysis in healthcare settings`, n: (i * 7) % 23 + 1 })) },
  { id: 'line', title: 'Claim rate', summary: 'Line.', kind: 'line', x: 'month', y: 'rate', color: 'bc', empty: 'none',
    columns: [{ field: 'month', title: 'Month', format: 'month' }, { field: 'bc', title: 'Badge class', format: 'text' }, { field: 'rate', title: 'Claim rate', format: 'percent' }],
    rows: months(60).flatMap((m, i) => ['A', 'B'].map((b, j) => ({ month: m, bc: b, rate: 30 + ((i * 7 + j * 13) % 50) }))) },
];
for (const c of charts) {
  const t0 = performance.now();
  const svg = await renderChartSvg(c);
  const t1 = performance.now();
  fs.writeFileSync(`/tmp/cC/${c.id}.svg`, svg);
  fs.writeFileSync(`/tmp/cC/${c.id}.png`, await renderChartPng(c, svg));
  console.log(c.id, (t1 - t0).toFixed(1), 'ms', svg.length, /style=/.test(svg));
}
for (let r = 0; r < 3; r++) for (const c of charts) {
  const t0 = performance.now();
  await renderChartSvg({ ...c, title: c.title + r });
  console.log('again', c.id, (performance.now() - t0).toFixed(1));
}
