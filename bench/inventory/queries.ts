// The benchmark's query mix, shared by the in-process run (run.ts) and the HTTP run (http.ts): each a
// text term — words, prefixes, plurals, a misspelling-like stem ("analys", "welders") — plus two
// different facet filters, mixed sorts and pages 1–3. Deterministic (a fixed LCG seed).
import type { InventoryFilters, InventoryQuery } from '../../packages/server/src/storage/search/index.ts';

export const WORDS = ['cyber', 'nursing', 'data', 'welding', 'agriculture', 'leadership', 'python', 'excel', 'patient care', 'network security', 'budgeting', 'marketing', 'energy', 'construction', 'finance', 'teaching', 'logistics', 'robotics', 'aviation', 'public health', 'technician', 'analytics', 'fundamentals', 'management', 'sql', 'gis', 'drone', 'cpr', 'hydraulics', 'negotiation', 'nurses', 'welders', 'analys', 'leader', 'manufactur', 'biotech', 'design', 'safety', 'statistic', 'grant writing'];

/** Misspellings of the mix's words: no match, so the search also works out a "did you mean". */
export const MISSPELLED = ['nursng', 'agricultre', 'cybersecurty', 'weldng', 'managment', 'pyhton', 'logistcs', 'robotcs', 'negotation', 'hydrualics'];

export function benchQueries(n = 1000, seed0 = 11, words: readonly string[] = WORDS): InventoryQuery[] {
  let seed = seed0;
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
  return Array.from({ length: n }, () => {
    const a = pick(ONE);
    let b = pick(ONE);
    while (b === a) b = pick(ONE);
    return { q: pick(words), filters: { ...a(), ...b() }, sort: pick(['relevance', 'relevance', 'newest', 'title'] as const), page: 1 + Math.floor(rand() * 3), perPage: 20 };
  });
}

/** The search page's URL for a query (the parameters the page's form sends). */
export function searchUrl(q: InventoryQuery): string {
  const u = new URLSearchParams();
  u.set('q', q.q);
  for (const [name, v] of Object.entries(q.filters)) {
    if (Array.isArray(v)) for (const x of v) u.append(name, String(x));
    else if (v !== undefined) u.set(name, String(v));
  }
  u.set('sort', q.sort);
  if (q.page > 1) u.set('page', String(q.page));
  return `/inventory?${u.toString()}`;
}
