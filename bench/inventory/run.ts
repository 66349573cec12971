// In-process latency of the inventory search over a loaded bench database (bench/inventory/load.ts):
// 1,000 varied queries, each a text query plus two facet filters, full results (total, page of 20,
// every facet's counts). The facet table is loaded once (as after any change to the inventory; its load
// time is reported); every query then runs its full-text match and ranking in the database.
import { loadConfig } from '../../packages/server/src/config.ts';
import { openDatabase } from '../../packages/server/src/storage/db.ts';
import { createSearchIndex, type InventoryFilters, type InventoryQuery } from '../../packages/server/src/storage/search/index.ts';

const WORDS = ['cyber', 'nursing', 'data', 'welding', 'agriculture', 'leadership', 'python', 'excel', 'patient care', 'network security', 'budgeting', 'marketing', 'energy', 'construction', 'finance', 'teaching', 'logistics', 'robotics', 'aviation', 'public health', 'technician', 'analytics', 'fundamentals', 'management', 'sql', 'gis', 'drone', 'cpr', 'hydraulics', 'negotiation', 'nurses', 'welders', 'analys', 'leader', 'manufactur', 'biotech', 'design', 'safety', 'statistic', 'grant writing'];
const FACETS: (() => InventoryFilters)[] = [];
let seed = 11;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const ONE: (() => InventoryFilters)[] = [
  () => ({ endorsement: [pick(['endorsed', 'not_endorsed'])] }),
  () => ({ institution: [pick(['prairie-state', 'northern-plains', 'red-river'])] }),
  () => ({ credential_type: [pick(['micro_credential', 'certificate', 'degree', 'other'])] }),
  () => ({ credit: [pick(['credit', 'non_credit'])] }),
  () => ({ focus_area: [pick(['innovation_leadership', 'global_competency', 'career_preparation', 'workforce_need'])] }),
  () => ({ level: [pick(['foundational', 'intermediate', 'advanced'])] }),
  () => ({ delivery_mode: [pick(['online', 'hybrid', 'in_person'])] }),
  () => ({ cost: [pick(['free', 'paid'])] }),
  () => ({ skill: [pick(['Python', 'SQL', 'Excel', 'Teamwork', 'Budgeting', 'GIS'])] }),
  () => ({ credit_hours_min: 1, credit_hours_max: pick([3, 6, 9]) }),
];
FACETS.push(...ONE);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const db = openDatabase(loadConfig().database);
let loadMs = 0;
const index = createSearchIndex(db.kysely, { onLoad: (ms) => (loadMs = ms), resultCache: false });
const queries: InventoryQuery[] = Array.from({ length: 1000 }, () => {
  const a = pick(ONE);
  let b = pick(ONE);
  while (b === a) b = pick(ONE);
  return { q: pick(WORDS), filters: { ...a(), ...b() }, sort: pick(['relevance', 'relevance', 'newest', 'title'] as const), page: 1 + Math.floor(rand() * 3), perPage: 20 };
});
for (const q of queries.slice(0, 50)) await index.search(q); // warm-up
const times: number[] = [];
let matched = 0;
for (const q of queries) {
  const t0 = process.hrtime.bigint();
  const r = await index.search(q);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  matched += r.total;
}
times.sort((x, y) => x - y);
const total = (await index.search({ q: '', filters: {}, sort: 'title', page: 1, perPage: 1 })).total;
console.log(
  JSON.stringify({
    dialect: db.dialect,
    programs: total,
    queries: times.length,
    mean_results: Math.round(matched / times.length),
    median_ms: +percentile(times, 50).toFixed(2),
    p95_ms: +percentile(times, 95).toFixed(2),
    p99_ms: +percentile(times, 99).toFixed(2),
    max_ms: +times.at(-1)!.toFixed(2),
    facet_table_load_ms: loadMs,
  }),
);
await db.close();
