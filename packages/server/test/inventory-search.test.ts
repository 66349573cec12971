// The inventory search engine beyond the basics of inventory.test.ts: the prefix minimum, relevance by
// field (and the same pages whether the narrative is checked doc by doc or fetched whole), and facet
// tables kept current in another app instance from the change log, on every dialect.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../src/domain/deps.ts';
import { newId } from '../src/domain/ids.ts';
import { publishRevision, setProgramStatus } from '../src/domain/programs/lifecycle.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { FacetTable, relevance, searchIndexOver, type EntryRow, type SearchBackend } from '../src/storage/search/engine.ts';
import { createSearchIndex, searchBackend, type InventoryEntryInput, type InventoryQuery, type InventoryResult, type SearchIndex } from '../src/storage/search/index.ts';
import { documentText, fieldMatcher, fts5Match, queryTerms, tsQuery } from '../src/storage/search/text.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const q = (over: Partial<InventoryQuery> = {}): InventoryQuery => ({ q: '', filters: {}, sort: 'title', page: 1, perPage: 100, ...over });

describe('query terms', () => {
  it('treats the last word as a prefix only from 3 letters', () => {
    expect(queryTerms('cy')).toEqual([{ word: 'cy', stem: 'cy', prefix: false }]);
    expect(queryTerms('cyb')).toEqual([{ word: 'cyb', stem: 'cyb', prefix: true }]);
    expect(queryTerms('data ai')).toEqual([
      { word: 'data', stem: 'data', prefix: false },
      { word: 'ai', stem: 'ai', prefix: false },
    ]);
    expect(fts5Match(queryTerms('patient ca'))).toBe('"patient" AND "ca"');
    expect(tsQuery(queryTerms('patient ca'))).toBe('patient & ca');
  });

  it('matches a prefix term once where the word starts with its stem, and as both otherwise', () => {
    expect(fts5Match(queryTerms('nursing'))).toBe('"nurs"*');
    expect(tsQuery(queryTerms('nursing'))).toBe('nurs:*');
    expect(fts5Match(queryTerms('happy'))).toBe('("happy"* OR "happi"*)');
    expect(tsQuery(queryTerms('happy'))).toBe('(happy:* | happi:*)');
  });

  it('finds a term in a field with the meaning of the full-text query', () => {
    const doc = ` ${documentText('Certified Nursing Assistant')} `;
    const [nursing] = queryTerms('nurses care');
    expect(fieldMatcher(nursing!)(doc)).toBe(true);
    expect(fieldMatcher(queryTerms('cert')[0]!)(doc)).toBe(true);
    expect(fieldMatcher(queryTerms('cert x')[0]!)(doc)).toBe(false);
    expect(fieldMatcher(queryTerms('assist x')[0]!)(doc)).toBe(true);
    expect(fieldMatcher(queryTerms('ssistant')[0]!)(doc)).toBe(false);
  });
});

describe('relevance', () => {
  // 400 entries: "alpha" in the title of every 7th, in the skills of every 5th; the rest match only in
  // their narrative (every 3rd) or elsewhere.
  const rows: EntryRow[] = Array.from({ length: 400 }, (_, i) => ({
    doc: i + 1,
    program_id: `p${String(i).padStart(4, '0')}`,
    title: i % 7 === 0 ? `Alpha Studies ${i}` : `Program ${i}`,
    title_sort: (i % 7 === 0 ? `alpha studies ${i}` : `program ${i}`).toLowerCase(),
    institution_slug: 'x',
    institution_name: 'X',
    endorsement: 'endorsed',
    credential_type: null,
    level: null,
    delivery_mode: null,
    credit_bearing: 0,
    credit_hours: 0,
    cost_free: 1,
    has_badge: 0,
    focus_areas: '',
    skills: i % 5 === 0 ? 'Alpha testing' : 'Teamwork',
    partners: '',
    published_at: '2026-01-01T00:00:00.000Z',
  }));
  const t = new FacetTable(1, rows);
  const matched = rows.map((_, i) => i);
  const terms = queryTerms('alpha');
  const narrativeDocs = rows.filter((_, i) => i % 3 === 0).map((r) => Number(r.doc));
  const narrativeSlots = new Uint8Array(t.size);
  for (const d of narrativeDocs) narrativeSlots[t.slotOf(d)] = 1;
  const order = (score: Float64Array, n: number) =>
    [...matched.keys()].sort((a, b) => score[b]! - score[a]! || (t.titleSort[a]! < t.titleSort[b]! ? -1 : 1)).slice(0, n);

  it('gives the same first pages when checking few docs as when fetching the whole narrative match', async () => {
    const full = await relevance(t, matched, terms, Infinity, { all: async () => narrativeSlots });
    for (const need of [1, 20, 60, 150]) {
      let checked = 0;
      const lazy = await relevance(t, matched, terms, need, {
        all: async () => {
          throw new Error('not needed');
        },
        among: async (_k, docs) => {
          checked += docs.length;
          return docs.filter((d) => narrativeSlots[t.slotOf(d)] === 1);
        },
      });
      expect(order(lazy, need), `need ${need}`).toEqual(order(full, need));
      expect(checked).toBeLessThan(400);
    }
    // Title beats skills beats narrative beats the rest.
    const top = order(full, 400).map((i) => rows[i]!);
    expect(top[0]!.title).toMatch(/^Alpha/);
    const firstSkillOnly = top.findIndex((r) => !r.title.startsWith('Alpha'));
    expect(top[firstSkillOnly]!.skills).toBe('Alpha testing');
    expect(top.slice(0, firstSkillOnly).every((r) => r.title.startsWith('Alpha'))).toBe(true);
  });

  it('asks nothing when the page is filled by title matches', async () => {
    const score = await relevance(t, matched, terms, 20, {
      all: async () => {
        throw new Error('not needed');
      },
    });
    expect(order(score, 20).every((i) => rows[i]!.title.startsWith('Alpha'))).toBe(true);
  });
});

describe('facet table refresh', () => {
  // An in-memory adapter whose version, change log and entries the test controls.
  function fakeBackend() {
    const entries = new Map<string, EntryRow>();
    const log: string[] = [];
    let version = 0;
    let nextDoc = 1;
    let gate: Promise<void> | null = null;
    const entry = (id: string, title: string): EntryRow => ({ ...rowTemplate, doc: nextDoc++, program_id: id, title, title_sort: title.toLowerCase() });
    const backend: SearchBackend = {
      version: async () => version,
      entries: async () => {
        const snapshot = [...entries.values()];
        if (gate) await gate;
        return snapshot;
      },
      entriesOf: async (ids) => ids.map((id) => entries.get(id)).filter((e): e is EntryRow => e !== undefined),
      changes: async (since, until) => log.slice(since, until),
      match: async (terms) => [...entries.values()].filter((e) => e.title.toLowerCase().includes(terms[0]!.word)).map((e) => Number(e.doc)),
      narrative: async () => [],
      items: async (ids) => ids.map((id) => ({ programId: id, title: entries.get(id)?.title ?? '' }) as never),
      vocabulary: async () => [],
    };
    return {
      backend,
      put(id: string, title: string) {
        entries.set(id, entry(id, title));
        log.push(id);
        version++;
      },
      remove(id: string) {
        entries.delete(id);
        log.push(id);
        version++;
      },
      restore(to: number, ids: [string, string][]) {
        entries.clear();
        for (const [id, title] of ids) entries.set(id, entry(id, title));
        log.length = to;
        version = to;
      },
      hold() {
        let release!: () => void;
        gate = new Promise((r) => (release = r));
        return () => {
          gate = null;
          release();
        };
      },
    };
  }
  const rowTemplate: EntryRow = { doc: 0, program_id: '', title: '', title_sort: '', institution_slug: 'x', institution_name: 'X', endorsement: 'endorsed', credential_type: null, level: null, delivery_mode: null, credit_bearing: 0, credit_hours: 0, cost_free: 1, has_badge: 0, focus_areas: '', skills: '', partners: '', published_at: '2026-01-01T00:00:00.000Z' };
  const titles = async (index: SearchIndex, text = '') => (await index.search(q({ q: text }))).items.map((i) => i.title);

  it("shows a search its own process's write even while a reload for an older version is running", async () => {
    const f = fakeBackend();
    f.put('a', 'Alpha');
    const index = searchIndexOver(f.backend, { resultCache: false });
    const release = f.hold();
    const first = titles(index); // starts the first load (version 1), held
    await new Promise((r) => setTimeout(r, 5));
    f.put('b', 'Beta'); // committed while that load runs
    const second = titles(index); // reads version 2: must not settle for the version-1 table
    release();
    expect(await first).toEqual(['Alpha']);
    expect(await second).toEqual(['Alpha', 'Beta']);
  });

  it('applies changes from the log, and reloads after a gap or a restore to an earlier version', async () => {
    const f = fakeBackend();
    let loads = 0;
    let updates = 0;
    const index = searchIndexOver(f.backend, { onLoad: () => loads++, onUpdate: () => updates++ });
    f.put('a', 'Alpha');
    f.put('b', 'Beta');
    expect(await titles(index)).toEqual(['Alpha', 'Beta']);
    f.put('b', 'Bravo');
    f.remove('a');
    f.put('c', 'Charlie');
    expect(await titles(index)).toEqual(['Bravo', 'Charlie']);
    expect(await titles(index, 'char')).toEqual(['Charlie']);
    expect([loads, updates]).toEqual([1, 1]);
    f.restore(1, [['a', 'Alpha']]);
    expect(await titles(index)).toEqual(['Alpha']);
    expect(loads).toBe(2);
  });
});

/** A dialect-independent picture of a result: titles in order (ids differ between databases) and facets. */
function picture(r: InventoryResult) {
  return { total: r.total, titles: r.items.map((i) => i.title), facets: r.facets, suggestion: r.suggestion };
}

const pictures: Record<string, unknown[]> = {};

describe.each(DIALECTS)('inventory search on %s', (dialect) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await makeTestApp(dialect);
    // A second app on the same database: another process, with its own facet table.
    b = await makeTestApp(dialect, { fresh: a.fresh, seed: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });
  const at = () => a.clock.now.toISOString();

  it('matches a last word of fewer than 3 letters whole', async () => {
    const index = createSearchIndex(a.deps.db);
    expect((await index.search(q({ q: 'nur' }))).total).toBeGreaterThan(0);
    expect((await index.search(q({ q: 'nu' }))).total).toBe(0);
    expect((await index.search(q({ q: 'nursing' }))).total).toBe((await index.search(q({ q: 'nurs' }))).total);
  });

  it('ranks by field: title, skills, narrative, then institution and partners', async () => {
    const org = (await repos(a.deps.db).organizations.findBySlug('prairie-state'))!;
    const entries: [string, Partial<InventoryEntryInput>][] = [
      ['Field Botany', { otherText: 'Quillwort Laboratories' }],
      ['Wetland Plants', { narrativeText: 'Earners survey quillwort colonies.' }],
      ['Aquatic Flora', { narrativeText: 'Quillwort and sedge.', otherText: 'Quillwort Laboratories' }],
      ['Bog Ecology', { skills: ['Quillwort survey', 'Mapping'] }],
      ['Quillwort Studies', {}],
    ];
    await inTransaction(a.deps, async (r) => {
      for (const [title, over] of entries) {
        const id = newId();
        const when = at();
        await r.programs.insert({ id, organizationId: org.id, status: 'active', endorsement: 'endorsed', liveRevisionId: null, publishedAt: when, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: when, updatedAt: when });
        await r.inventory.upsert({
          programId: id,
          organizationId: org.id,
          institutionSlug: org.slug,
          institutionName: org.name,
          title,
          summary: '',
          endorsement: 'endorsed',
          credentialType: null,
          level: null,
          deliveryMode: null,
          creditHours: 0,
          costFree: true,
          costAmount: null,
          hasBadge: false,
          badgeImageId: null,
          focusAreas: [],
          skills: ['Teamwork'],
          partners: [],
          publishedAt: when,
          updatedAt: when,
          narrativeText: 'Earners study plants.',
          otherText: org.name,
          ...over,
        });
      }
    });
    const index = createSearchIndex(a.deps.db);
    const expected = ['Quillwort Studies', 'Bog Ecology', 'Aquatic Flora', 'Wetland Plants', 'Field Botany'];
    for (const word of ['quillwort', 'quillworts', 'quill']) {
      expect((await index.search(q({ q: word, sort: 'relevance' }))).items.map((i) => i.title), word).toEqual(expected);
    }
    // Page by page (the narrative checked only as far as each page needs) and the export agree.
    const paged: string[] = [];
    for (let page = 1; page <= 5; page++) paged.push(...(await index.search(q({ q: 'quillwort', sort: 'relevance', page, perPage: 1 }))).items.map((i) => i.title));
    expect(paged).toEqual(expected);
    const exported: string[] = [];
    for await (const item of index.all({ q: 'quillwort', filters: {}, sort: 'relevance' })) exported.push(item.title);
    expect(exported).toEqual(expected);
  });

  it('pages a broad relevance search the same way as the export orders it', async () => {
    const index = createSearchIndex(a.deps.db, { resultCache: false });
    const exported: string[] = [];
    for await (const item of index.all({ q: 'management', filters: {}, sort: 'relevance' })) exported.push(item.programId);
    expect(exported.length).toBeGreaterThan(3);
    const paged: string[] = [];
    for (let page = 1; paged.length < exported.length; page++) paged.push(...(await index.search(q({ q: 'management', sort: 'relevance', page, perPage: 2 }))).items.map((i) => i.programId));
    expect(paged).toEqual(exported);
  });

  it("keeps another app's facet table current through publish, revise, suspend and retire, applying only the changes", async () => {
    let loads = 0;
    let updates = 0;
    const other = createSearchIndex(b.deps.db, { onLoad: () => loads++, onUpdate: () => updates++ });
    const queries = [q(), q({ filters: { endorsement: ['endorsed'] } }), q({ q: 'welding', sort: 'relevance' }), q({ q: 'health', filters: { credit: ['credit'] }, sort: 'newest' }), q({ filters: { skill: ['Patient care'] } })];
    const same = async (label: string) => {
      const fresh = createSearchIndex(b.deps.db);
      for (const query of queries) expect(picture(await other.search(query)), `${label}: ${JSON.stringify(query)}`).toEqual(picture(await fresh.search(query)));
    };
    await same('start');
    expect(loads).toBe(1);

    const welding = (await other.search(q({ q: 'welding technology', sort: 'relevance' }))).items[0]!;
    const health = (await other.search(q({ q: 'health' }))).items[0]!;
    await inTransaction(a.deps, (r) => setProgramStatus(r, { programId: welding.programId, status: 'suspended', reason: 'Review', at: at() }));
    await same('suspended');
    expect((await other.search(q({ q: 'welding technology' }))).total).toBe(0);
    await inTransaction(a.deps, (r) => setProgramStatus(r, { programId: welding.programId, status: 'active', reason: null, at: at() }));
    await same('reinstated');

    // A revision published under a new title and endorsement: the entry changes in place.
    const r0 = repos(a.deps.db);
    const live = (await r0.programs.findById(health.programId))!;
    const liveRev = (await r0.revisions.findById(live.liveRevisionId!))!;
    const revisionId = newId();
    await r0.revisions.insert({ id: revisionId, programId: live.id, number: 2, title: 'Rural Telehealth Practice', form: { ...(liveRev.form as object), title: 'Rural Telehealth Practice' }, createdBy: null, at: at() });
    const endorsement = live.endorsement === 'endorsed' ? 'not_endorsed' : 'endorsed';
    await inTransaction(a.deps, (r) => publishRevision(r, { programId: live.id, revisionId, endorsement, at: at(), rereviewMonths: 12 }));
    await same('revised');
    expect((await other.search(q({ q: 'telehealth' }))).items.map((i) => i.title)).toEqual(['Rural Telehealth Practice']);

    await inTransaction(a.deps, (r) => setProgramStatus(r, { programId: welding.programId, status: 'retired', reason: 'Replaced', at: at() }));
    await same('retired');
    expect(loads).toBe(1);
    expect(updates).toBeGreaterThanOrEqual(4);

    // A process further behind than the change log (pruned meanwhile) reloads the whole table.
    await inTransaction(a.deps, (r) => setProgramStatus(r, { programId: live.id, status: 'suspended', reason: 'Review', at: at() }));
    await inTransaction(a.deps, (r) => setProgramStatus(r, { programId: live.id, status: 'active', reason: null, at: at() }));
    await inTransaction(a.deps, (r) => setProgramStatus(r, { programId: live.id, status: 'suspended', reason: 'Review', at: at() }));
    await sql`DELETE FROM inventory_changes WHERE version < (SELECT max(version) FROM inventory_changes)`.execute(a.deps.db);
    await same('after a gap in the change log');
    expect(loads).toBe(2);
  });

  it('reads the same docs through the match functions as the plain statements (migration 0028)', async () => {
    const backend = searchBackend(a.deps.db);
    const words = ['cyber', 'nursing', 'data', 'patient care', 'leader', 'manufactur', 'analys', 'nurses', 'agricultre', 'management'];
    const sorted = (xs: readonly number[]) => [...xs].sort((x, y) => x - y);
    let found = 0;
    for (const word of words) {
      const terms = queryTerms(word);
      const reference =
        dialect === 'postgres'
          ? await sql<{ doc: number }>`SELECT doc FROM inventory_search WHERE vector @@ to_tsquery('simple', ${tsQuery(terms)})`.execute(a.deps.db)
          : await sql<{ doc: number }>`SELECT rowid AS doc FROM inventory_fts WHERE inventory_fts MATCH ${fts5Match(terms)}`.execute(a.deps.db);
      const docs = await backend.match(terms);
      expect(sorted(docs)).toEqual(sorted(reference.rows.map((r) => Number(r.doc))));
      found += docs.length;
      const narrative =
        dialect === 'postgres'
          ? await sql<{ doc: number }>`SELECT doc FROM inventory_search WHERE ts_filter(vector, '{c}') @@ to_tsquery('simple', ${tsQuery([terms[0]!])})`.execute(a.deps.db)
          : await sql<{ doc: number }>`SELECT rowid AS doc FROM inventory_fts WHERE inventory_fts MATCH ${`{narrative} : (${fts5Match([terms[0]!])})`}`.execute(a.deps.db);
      expect(sorted(await backend.narrative(terms[0]!))).toEqual(sorted(narrative.rows.map((r) => Number(r.doc))));
    }
    expect(found).toBeGreaterThan(0);
  });

  it('answers relevance searches in the same order on every dialect', async () => {
    const index: SearchIndex = createSearchIndex(a.deps.db);
    pictures[dialect] = [];
    for (const word of ['management', 'data', 'nurses', 'cyber', 'patient care', 'agricultre', 'leader']) {
      for (const page of [1, 2]) pictures[dialect]!.push(picture(await index.search(q({ q: word, sort: 'relevance', page, perPage: 5 }))));
    }
    expect(pictures[dialect]!.length).toBe(14);
  });
});

describe.runIf(DIALECTS.length > 1)('inventory search parity', () => {
  it('orders relevance results identically on SQLite and PostgreSQL', () => {
    expect(pictures.postgres).toEqual(pictures.sqlite);
  });
});
