// The statewide inventory: search and facets on every dialect (and the same answers on each), sync with
// the program lifecycle, the public pages and the JSON/CSV API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/domain/deps.ts';
import { newId } from '../src/domain/ids.ts';
import { parseInventoryQuery } from '../src/domain/inventory/query.ts';
import { publishRevision, setProgramStatus } from '../src/domain/programs/lifecycle.ts';
import { DEMO_PROGRAMS } from '../src/domain/seed/demo-programs.ts';
import { seedDemoPrograms } from '../src/domain/seed/seed-programs.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { createSearchIndex, type InventoryQuery, type InventoryResult } from '../src/storage/search/index.ts';
import { documentText, fts5Match, queryTerms, stem, tsQuery } from '../src/storage/search/text.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const q = (over: Partial<InventoryQuery> = {}): InventoryQuery => ({ q: '', filters: {}, sort: 'title', page: 1, perPage: 100, ...over });

describe('text processing', () => {
  it('stems like Porter and builds the same query for both dialects', () => {
    expect(['nurses', 'nursing', 'nurse'].map(stem)).toEqual(['nurs', 'nurs', 'nurs']);
    expect(stem('caresses')).toBe('caress');
    expect(stem('relational')).toBe('relat');
    expect(documentText('Certified Nursing')).toBe('certified certifi nursing nurs');
    const terms = queryTerms('the Nurses cyber');
    expect(fts5Match(terms)).toBe('"nurs" AND "cyber"*');
    expect(tsQuery(terms)).toBe('nurs & cyber:*');
    expect(queryTerms('"); DROP TABLE x; --')).toEqual([
      { word: 'drop', stem: 'drop', prefix: false },
      { word: 'table', stem: 'tabl', prefix: false },
      { word: 'x', stem: 'x', prefix: false },
    ]);
  });

  it('rejects bad parameters with a message per parameter', () => {
    expect(() => parseInventoryQuery({ endorsement: 'maybe', page: '0', per_page: '500', sort: 'best', credit_hours_min: '5', credit_hours_max: '2' })).toThrowError(
      expect.objectContaining({ code: 'validation_failed', fields: expect.objectContaining({ endorsement: expect.any(String), page: expect.any(String), per_page: expect.any(String), sort: expect.any(String), credit_hours_max: expect.any(String) }) }),
    );
    expect(parseInventoryQuery({ q: ' cyber ', endorsement: ['endorsed'], skill: 'Python', utm_source: 'x' }).query).toMatchObject({ q: 'cyber', filters: { endorsement: ['endorsed'], skill: ['Python'] }, sort: 'relevance' });
  });
});

/** A dialect-independent picture of a result: titles (ids differ between databases) and facets. Relevance
 * order is compared too: both dialects rank with the same field weights (storage/search/ranking.ts). */
function picture(r: InventoryResult, ordered: boolean) {
  const titles = r.items.map((i) => i.title);
  return { total: r.total, titles: ordered ? titles : [...titles].sort(), facets: r.facets, suggestion: r.suggestion };
}

const PARITY_QUERIES: [string, InventoryQuery, boolean][] = [
  ['all by title', q(), true],
  ['all newest', q({ sort: 'newest' }), true],
  ['skill text', q({ q: 'python', sort: 'relevance' }), true],
  ['plural', q({ q: 'nurses', sort: 'relevance' }), true],
  ['prefix as you type', q({ q: 'cyber', sort: 'relevance' }), true],
  ['two words', q({ q: 'patient care', sort: 'relevance' }), true],
  ['misspelled', q({ q: 'agricultre', sort: 'relevance' }), true],
  ['endorsed', q({ filters: { endorsement: ['endorsed'] } }), true],
  ['not endorsed', q({ filters: { endorsement: ['not_endorsed'] } }), true],
  ['text and two facets', q({ q: 'health', filters: { institution: ['red-river'], credit: ['credit'] }, sort: 'title' }), true],
  ['skill facet', q({ filters: { skill: ['python'], focus_area: ['workforce_need', 'career_preparation'] } }), true],
  ['credit hours range', q({ filters: { credit_hours_min: 4, credit_hours_max: 6, cost: ['free'] } }), true],
  ['partner and badge', q({ filters: { partner: ['Paycom'], has_badge: ['yes', 'no'] } }), true],
  ['page 2', q({ page: 2, perPage: 10 }), true],
];

const results: Record<string, Record<string, ReturnType<typeof picture>>> = {};

describe.each(DIALECTS)('inventory on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('lists the demo programs, idempotently', async () => {
    const index = createSearchIndex(t.deps.db);
    expect((await index.search(q())).total).toBe(DEMO_PROGRAMS.length);
    expect(await seedDemoPrograms(t.deps)).toBe(0);
    expect((await index.search(q())).total).toBe(DEMO_PROGRAMS.length);
  });

  it('finds programs by skill, and splits them exactly by endorsement', async () => {
    const index = createSearchIndex(t.deps.db);
    const bySkill = await index.search(q({ q: 'firewall configuration', sort: 'relevance' }));
    expect(bySkill.items.map((i) => i.title)).toEqual(['Cybersecurity Fundamentals']);
    const skillFacet = await index.search(q({ filters: { skill: ['Patient care'] } }));
    expect(skillFacet.items.every((i) => i.skills.some((s) => s.toLowerCase() === 'patient care'))).toBe(true);
    expect(skillFacet.total).toBeGreaterThan(1);

    const all = await index.search(q());
    const endorsed = await index.search(q({ filters: { endorsement: ['endorsed'] } }));
    const not = await index.search(q({ filters: { endorsement: ['not_endorsed'] } }));
    expect(endorsed.items.every((i) => i.endorsement === 'endorsed')).toBe(true);
    expect(not.items.every((i) => i.endorsement === 'not_endorsed')).toBe(true);
    expect(endorsed.total + not.total).toBe(all.total);
    expect(endorsed.total).toBe(DEMO_PROGRAMS.filter((p) => p.endorsed).length);
    // A facet's own counts ignore its own filter: the endorsement facet still shows both values.
    expect(endorsed.facets.endorsement.find((v) => v.value === 'not_endorsed')?.count).toBe(not.total);
    // Other facets' counts follow the filter.
    const instTotal = endorsed.facets.institution.reduce((n, v) => n + v.count, 0);
    expect(instTotal).toBe(endorsed.total);
  });

  it('ranks the title above a mention elsewhere, and suggests a spelling', async () => {
    const index = createSearchIndex(t.deps.db);
    const r = await index.search(q({ q: 'leadership', sort: 'relevance' }));
    expect(r.items[0]!.title).toMatch(/Leadership/);
    const typo = await index.search(q({ q: 'cybersecurty', sort: 'relevance' }));
    expect(typo.total).toBe(0);
    expect(typo.suggestion).toBe('cybersecurity');
  });

  it('answers the parity queries', async () => {
    const index = createSearchIndex(t.deps.db);
    results[dialect] = {};
    for (const [name, query, ordered] of PARITY_QUERIES) results[dialect]![name] = picture(await index.search(query), ordered);
    expect(results[dialect]!['skill text']!.titles).toContain('Data Analytics with Python');
    expect(results[dialect]!['plural']!.total).toBeGreaterThanOrEqual(2);
  });

  it('removes a suspended or retired program at once and keeps the live revision during a revision', async () => {
    const index = t.deps.search;
    const r = repos(t.deps.db);
    const hit = (await index.search(q({ q: 'welding technology', sort: 'relevance' }))).items[0]!;
    expect(hit.title).toBe('Welding Technology: SMAW and GMAW');
    const at = () => t.clock.now.toISOString();

    await inTransaction(t.deps, (tr) => setProgramStatus(tr, { programId: hit.programId, status: 'suspended', reason: 'Under investigation', at: at() }));
    expect((await index.search(q({ q: 'welding technology' }))).total).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/programs/${hit.programId}` })).statusCode).toBe(404);

    await inTransaction(t.deps, (tr) => setProgramStatus(tr, { programId: hit.programId, status: 'active', reason: null, at: at() }));
    expect((await index.search(q({ q: 'welding technology' }))).total).toBe(1);

    // A revision under review is a new revision row; the entry keeps the live one until it is published.
    const live = (await r.programs.findById(hit.programId))!;
    const liveRev = (await r.revisions.findById(live.liveRevisionId!))!;
    const revisionId = newId();
    await r.revisions.insert({ id: revisionId, programId: hit.programId, number: 2, title: 'Advanced Welding Technology', form: { ...(liveRev.form as object), title: 'Advanced Welding Technology' }, createdBy: null, at: at() });
    expect((await index.search(q({ q: 'advanced welding' }))).total).toBe(0);
    expect((await index.search(q({ q: 'welding technology' }))).items[0]?.title).toBe('Welding Technology: SMAW and GMAW');
    await inTransaction(t.deps, (tr) => publishRevision(tr, { programId: hit.programId, revisionId, endorsement: 'not_endorsed', at: at(), rereviewMonths: 12 }));
    expect((await index.search(q({ q: 'advanced welding' }))).items.map((i) => i.title)).toEqual(['Advanced Welding Technology']);

    await inTransaction(t.deps, (tr) => setProgramStatus(tr, { programId: hit.programId, status: 'retired', reason: 'Replaced', at: at() }));
    expect((await index.search(q({ q: 'welding' }))).items.map((i) => i.title)).not.toContain('Advanced Welding Technology');
    expect((await index.search(q())).total).toBe(DEMO_PROGRAMS.length - 1);
  });

  it('serves the search page, a program page, an institution page and the sitemap without a session', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/inventory?q=python&endorsement=endorsed', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Data Analytics with Python');
    expect(page.body).toContain('<link rel="canonical" href="http://laurel.test/inventory?q=python&amp;endorsement=endorsed"');
    const bad = await t.app.inject({ method: 'GET', url: '/inventory?page=-1&level=expert', headers: { accept: 'text/html' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('This search could not be run');

    const api = await t.app.inject({ method: 'GET', url: '/api/v1/inventory?q=python&per_page=1' });
    const item = (api.json() as { items: { id: string; url: string }[] }).items[0]!;
    const program = await t.app.inject({ method: 'GET', url: `/programs/${item.id}`, headers: { accept: 'text/html' } });
    expect(program.statusCode).toBe(200);
    expect(program.body).toMatch(/<meta property="og:image" content="http:\/\/laurel\.test\/programs\/[^"]+\/og\.png"/);
    expect(program.body).toContain('"@type":"EducationalOccupationalCredential"');
    const badge = await t.app.inject({ method: 'GET', url: `/programs/${item.id}/badge` });
    expect(badge.statusCode).toBe(200);
    expect(badge.headers['content-type']).toMatch(/^image\//);
    const png = await t.app.inject({ method: 'GET', url: `/programs/${item.id}/badge.png` });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');

    const inst = await t.app.inject({ method: 'GET', url: '/institutions/prairie-state', headers: { accept: 'text/html' } });
    expect(inst.statusCode).toBe(200);
    expect(inst.body).toContain('Precision Agriculture Technician');
    expect((await t.app.inject({ method: 'GET', url: '/institutions/regents', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    const sitemap = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    expect(sitemap.body).toContain(`http://laurel.test/programs/${item.id}`);
    expect((await t.app.inject({ method: 'GET', url: '/robots.txt' })).body).toContain('Sitemap: http://laurel.test/sitemap.xml');
  });

  it('answers the API with facets, 422 problems for bad parameters, and CSV of every match', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/inventory?endorsement=endorsed&institution=red-river&per_page=2' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { total: number; items: { endorsement: string; institution: { slug: string } }[]; facets: Record<string, { value: string; label: string; count: number }[]> };
    expect(body.items).toHaveLength(2);
    expect(body.items.every((i) => i.endorsement === 'endorsed' && i.institution.slug === 'red-river')).toBe(true);
    expect(body.facets.endorsement!.map((v) => v.label)).toEqual(['Endorsed by State Regents', 'Not Endorsed by State Regents']);

    for (const url of ['/api/v1/inventory?endorsement=yes', '/api/v1/inventory?page=0', '/api/v1/inventory?per_page=1000', '/api/v1/inventory?credit_hours_min=abc', '/api/v1/inventory?institution=Not%20A%20Slug', '/api/v1/inventory.csv?sort=random']) {
      const bad = await t.app.inject({ method: 'GET', url });
      expect(bad.statusCode, url).toBe(422);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect((bad.json() as { code: string }).code).toBe('validation_failed');
    }

    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/inventory.csv?institution=red-river' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,title,institution/);
    // Every match, not one page; less the Red River program retired by the lifecycle test above.
    expect(lines.length - 1).toBe(DEMO_PROGRAMS.filter((p) => p.inst === 'red-river').length - 1);
  });
});

describe.runIf(DIALECTS.length > 1)('inventory parity', () => {
  it('gives the same results on SQLite and PostgreSQL', () => {
    for (const [name] of PARITY_QUERIES) expect(results.postgres![name], name).toEqual(results.sqlite![name]);
  });
});
