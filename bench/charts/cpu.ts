// CPU time (user + system, process.cpuUsage) per chart drawn after its figures move: the six sample
// charts with new figures each round, 3 warm-up rounds then 30 timed. CPU time rather than wall time, so a
// busy machine (other processes waiting for the cores) moves it less; compare two commits interleaved.
// Run: npx tsx bench/charts/cpu.ts [REPO_ROOT]   (default: this checkout; pass a worktree of another commit)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
type Chart = { rows: Record<string, unknown>[] };
const S = (await import(path.join(root, 'packages/server/test/helpers/charts.ts'))) as { ALL_KINDS: Chart[] };
const { renderChartSvg } = (await import(path.join(root, 'packages/server/src/web/charts/render.ts'))) as { renderChartSvg: (c: Chart) => Promise<string> };
const moved = (chart: Chart, d: number): Chart => ({ ...chart, rows: chart.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? v + d : v]))) });
for (let i = 0; i < 3; i++) for (const c of S.ALL_KINDS) await renderChartSvg(moved(c, i));
const u0 = process.cpuUsage();
let n = 0;
for (let i = 3; i < 33; i++) {
  for (const c of S.ALL_KINDS) {
    await renderChartSvg(moved(c, i));
    n++;
  }
}
const u = process.cpuUsage(u0);
console.log(`${root}: ${((u.user + u.system) / 1000 / n).toFixed(1)} ms CPU per chart (${n} charts)`);
