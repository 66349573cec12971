// Issue 16 item 4, the award register: GET /api/v1/awards (search by each field, each filter, keyset
// pages that neither repeat nor skip while awards are issued, bad input named), the /issuing/awards page
// on it (filters kept in its links, empty state, errors) and its CSV (all matching rows, equal to the
// API's, formula guard). Another institution's awards never appear. Both dialects.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM, type UserActor } from '../src/domain/actor.ts';
import { createOrganizationToken, createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { hashToken, newId, newToken } from '../src/domain/ids.ts';
import { REGISTER_COUNT_CAP } from '../src/domain/issuance/award-register.ts';
import type { Award, Organization } from '../src/domain/issuance/types.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import * as m0021 from '../src/storage/migrations/20261201_0021_award_terms.ts';
import { SPARSE_MAX, WALK_MAX } from '../src/storage/repositories/award-register.ts';
import { awardTerms, prefixEnd, searchWords, termWords } from '../src/storage/repositories/award-terms.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeBadgeClass, type FactoryBadgeClass } from './factories/awards.ts';
import { makeInstitution, makeMember } from './factories/organizations.ts';
import { DIALECTS } from './helpers/db.ts';
import { bearer, makeTestApp, signedIn, testHasher, type Client, type TestApp } from './helpers/app.ts';

type Item = Record<string, unknown> & { id: string };
type Answer = { items: Item[]; limit: number; next_cursor: string | null; next: string | null; prev_cursor: string | null };

let seq = 0;

describe('the register’s search terms', () => {
  it('folds case and accents, splits on anything but letters and digits, keeps every script', () => {
    expect(termWords("José-María O'Brien")).toEqual(['jose', 'maria', 'o', 'brien']);
    expect(termWords('ÅSA Øberg Straße ﬁnn Łódź 王芳 Иванова')).toEqual(['asa', 'oberg', 'strasse', 'finn', 'lodz', '王芳', 'иванова']);
    expect(termWords('x'.repeat(70))).toEqual(['x'.repeat(64)]);
    expect(termWords(' -- ')).toEqual([]);
  });

  it('stores an award’s words once, leaving out a word that starts a longer one', () => {
    expect(awardTerms({ recipientName: 'Ann Annabel Lee', recipientEmail: 'ann.lee@x.edu', issuerEarnerId: 'S-12' })).toEqual(['annabel', 'lee', 'x', 'edu', 's', '12']);
    expect(awardTerms({ recipientName: 'Lee', recipientEmail: 'lee@x.edu', issuerEarnerId: null })).toEqual(['lee', 'x', 'edu']);
  });

  it('searches with each word once (a word that starts another is implied), the eight longest at most', () => {
    expect(searchWords('Zel zelda QUARTER zelda')).toEqual(['zelda', 'quarter']);
    expect(searchWords('a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii jjjjjjjjjj')).toEqual(['ccc', 'dddd', 'eeeee', 'ffffff', 'ggggggg', 'hhhhhhhh', 'iiiiiiiii', 'jjjjjjjjjj']);
  });

  it('bounds a prefix by the next string in code point order', () => {
    expect(prefixEnd('abc')).toBe('abd');
    expect(prefixEnd('az')).toBe('a{');
    expect(prefixEnd('иван')).toBe('ивао');
    expect(prefixEnd('a\u{10ffff}')).toBe('b');
    expect(prefixEnd('\u{10ffff}')).toBeUndefined();
  });
});

describe.each(DIALECTS)('the award register on %s', (dialect) => {
  let t: TestApp;
  let ours: Organization;
  let theirs: Organization;
  let issuer: UserActor;
  let bcA: FactoryBadgeClass;
  let bcB: FactoryBadgeClass;
  let theirBc: FactoryBadgeClass;
  let token: Record<string, string>;
  let orgToken: Record<string, string>;
  let theirToken: Record<string, string>;
  let page: Client;
  const base = Date.parse('2026-06-01T12:00:00.000Z');

  /** An award as the repository keeps it; `minute` orders created_at (newest first = highest). */
  function build(bc: FactoryBadgeClass, minute: number, over: Partial<Award> = {}): Award {
    const id = newId();
    const at = new Date(base + minute * 60_000).toISOString();
    const n = ++seq;
    const award: Award = {
      id,
      organizationId: bc.organizationId,
      badgeClassId: bc.id,
      credentialId: `urn:uuid:${id}`,
      recipientEmail: `person${n}@register.example.com`,
      recipientName: `Person Number${n}`,
      issuerEarnerId: null,
      earnerUserId: null,
      issuedAt: at,
      expiresAt: null,
      evidenceUrl: null,
      evidenceNarrative: null,
      claimState: 'pending',
      claimedAt: null,
      visibility: 'private',
      revokedAt: null,
      revocationReason: null,
      suspendedAt: null,
      suspensionReason: null,
      statusListSeq: 1,
      statusIndex: 100_000 + n,
      credential: JSON.stringify({ id: `urn:uuid:${id}` }),
      claimTokenHash: hashToken(newToken()),
      batchId: null,
      batchRow: null,
      reminderSentAt: null,
      notify: false,
      createdBy: null,
      createdAt: at,
      updatedAt: at,
      ...over,
    };
    return award;
  }
  async function put(bc: FactoryBadgeClass, minute: number, over: Partial<Award> = {}): Promise<Award> {
    const award = build(bc, minute, over);
    await repos(t.deps.db).awards.insert(award);
    return award;
  }

  const get = async (query: string, auth = token) => t.app.inject({ method: 'GET', url: `/api/v1/awards${query ? `?${query}` : ''}`, headers: auth });
  const ids = async (query: string, auth = token): Promise<string[]> => {
    const res = await get(query, auth);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as Answer).items.map((x) => x.id);
  };
  /** Every page of a query through `next`, with the page sizes seen. */
  const allPages = async (query: string): Promise<{ items: Item[]; sizes: number[] }> => {
    const items: Item[] = [];
    const sizes: number[] = [];
    let url: string | null = `/api/v1/awards?${query}`;
    while (url) {
      const res = await t.app.inject({ method: 'GET', url: url.replace(t.config.publicUrl, ''), headers: token });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Answer;
      items.push(...body.items);
      sizes.push(body.items.length);
      url = body.next;
    }
    return { items, sizes };
  };

  let named: Award;
  let withEarnerId: Award;
  let accepted: Award;
  let declined: Award;
  let revoked: Award;
  let suspended: Award;
  let expired: Award;
  let expiresLater: Award;
  let otherClass: Award;
  let hostile: Award;
  let foreign: Award;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false, env: { LAUREL_SIGNING_THREADS: '0' } });
    await ensureRegents(t.deps);
    ours = await makeInstitution(t.deps);
    theirs = await makeInstitution(t.deps);
    issuer = await makeMember(t.deps, ours, 'issuer');
    const admin = await makeMember(t.deps, ours, 'institution_admin');
    const theirIssuer = await makeMember(t.deps, theirs, 'issuer');
    bcA = await makeBadgeClass(t.deps, ours, { name: 'Welding Basics' });
    bcB = await makeBadgeClass(t.deps, ours, { name: 'Forklift Safety' });
    theirBc = await makeBadgeClass(t.deps, theirs, { name: 'Their Badge' });
    token = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: issuer.userId, name: 'register' })).token);
    theirToken = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: theirIssuer.userId, name: 'register' })).token);
    orgToken = bearer((await createOrganizationToken(t.deps, admin, { organizationSlug: ours.slug, name: 'registrar' })).token);
    await repos(t.deps.db).users.setPassword(issuer.userId, await testHasher.hash(DEMO_PASSWORD), new Date().toISOString());
    page = await signedIn(t.app, issuer.email);

    named = await put(bcA, 1, { recipientName: 'Zelda Quartermain', recipientEmail: 'zq.mail@register.example.com' });
    withEarnerId = await put(bcA, 2, { issuerEarnerId: 'STU-00417' });
    accepted = await put(bcA, 3, { claimState: 'accepted', claimedAt: new Date(base).toISOString() });
    declined = await put(bcA, 4, { claimState: 'declined', claimedAt: new Date(base).toISOString() });
    revoked = await put(bcA, 5, { revokedAt: new Date(base).toISOString(), revocationReason: 'Issued in error' });
    suspended = await put(bcA, 6, { suspendedAt: new Date(base).toISOString(), suspensionReason: 'Under review' });
    expired = await put(bcA, 7, { issuedAt: '2025-01-10T09:00:00.000Z', expiresAt: '2026-01-10T09:00:00.000Z' });
    expiresLater = await put(bcA, 8, { issuedAt: '2026-03-15T09:00:00.000Z', expiresAt: '2099-03-31T23:59:59.000Z' });
    otherClass = await put(bcB, 9, { recipientName: 'Otto Class' });
    hostile = await put(bcB, 10, { recipientName: '=HYPERLINK("http://evil.example","x")', recipientEmail: 'hostile@register.example.com' });
    foreign = await put(theirBc, 11, { recipientName: 'Zelda Quartermain', recipientEmail: 'zq.mail@register.example.com', issuerEarnerId: 'STU-00417' });
  });
  afterAll(async () => t?.close());

  it('lists the institution’s awards newest first, and only them', async () => {
    const all = await ids('limit=200');
    expect(all).toEqual([hostile, otherClass, expiresLater, expired, suspended, revoked, declined, accepted, withEarnerId, named].map((a) => a.id));
    expect(all).not.toContain(foreign.id);
    const first = (await get('limit=1')).json() as Answer;
    expect(first.items[0]).toMatchObject({ id: hostile.id, badge_class_name: 'Forklift Safety', institution: ours.slug, status: 'pending', credential_id: hostile.credentialId, url: `${t.config.publicUrl}/badges/${hostile.id}` });
    expect(first.items[0]).not.toHaveProperty('credential');
  });

  it('searches by recipient name, email, earner id, award id and credential id', async () => {
    expect(await ids('q=quarterm')).toEqual([named.id]);
    expect(await ids('q=ZELDA')).toEqual([named.id]);
    expect(await ids('q=zq.mail%40register')).toEqual([named.id]);
    expect(await ids('q=ZQ.Mail%40Register.Example.com')).toEqual([named.id]);
    expect(await ids('q=q.mail%40register.example.com')).toEqual([]);
    expect(await ids(`q=${accepted.id.toUpperCase()}`)).toEqual([accepted.id]);
    expect(await ids('q=STU-00417')).toEqual([withEarnerId.id]);
    // Words of the earner id match by prefix too (“STU-004” is the words “stu” and “004”).
    expect(await ids('q=STU-004')).toEqual([withEarnerId.id]);
    expect(await ids('q=00417')).toEqual([withEarnerId.id]);
    expect(await ids('q=STU-005')).toEqual([]);
    expect(await ids(`q=${accepted.id}`)).toEqual([accepted.id]);
    expect(await ids(`q=${encodeURIComponent(declined.credentialId)}`)).toEqual([declined.id]);
    expect(await ids('q=100%25')).toEqual([]);
    expect(await ids('q=%25%25')).toEqual([]);
  });

  it('filters by badge class, each status, issued dates and expiry dates (both ends included)', async () => {
    expect(await ids(`badge_class_id=${bcB.id}`)).toEqual([hostile.id, otherClass.id]);
    expect(await ids('status=accepted')).toEqual([accepted.id]);
    expect(await ids('status=declined')).toEqual([declined.id]);
    expect(await ids('status=revoked')).toEqual([revoked.id]);
    expect(await ids('status=suspended')).toEqual([suspended.id]);
    expect(await ids('status=expired')).toEqual([expired.id]);
    const pending = await ids('status=pending');
    expect(pending).toEqual([hostile, otherClass, expiresLater, withEarnerId, named].map((a) => a.id));
    // A filter answers what the status column says: no expired or suspended award under "pending".
    for (const s of ['pending', 'accepted', 'declined', 'revoked', 'suspended', 'expired'] as const) {
      for (const x of ((await get(`status=${s}&limit=200`)).json() as Answer).items) expect(x.status).toBe(s);
    }
    const active = await ids('status=active');
    expect(active).toEqual([hostile, otherClass, expiresLater, declined, accepted, withEarnerId, named].map((a) => a.id));
    expect(await ids('issued_from=2025-01-10&issued_to=2025-01-10')).toEqual([expired.id]);
    expect(await ids('issued_from=2026-03-15&issued_to=2026-03-15')).toEqual([expiresLater.id]);
    expect(await ids('issued_to=2026-03-14')).toEqual([expired.id]);
    expect(await ids('issued_from=2026-03-16')).not.toContain(expiresLater.id);
    expect(await ids('expires_from=2099-03-31&expires_to=2099-03-31')).toEqual([expiresLater.id]);
    expect(await ids('expires_to=2026-12-31')).toEqual([expired.id]);
    expect(await ids(`expires_from=2026-01-11&badge_class_id=${bcA.id}`)).toEqual([expiresLater.id]);
  });

  it('pages by keyset over more than two pages, with an award issued between pages: no repeat, none skipped', async () => {
    const before = await ids('limit=200');
    const p1 = (await get('limit=3')).json() as Answer;
    expect(p1.items.map((x) => x.id)).toEqual(before.slice(0, 3));
    expect(p1.prev_cursor).toBeNull();
    expect(p1.next).toBe(`${t.config.publicUrl}/api/v1/awards?limit=3&cursor=${p1.next_cursor}`);
    const fresh = await put(bcA, 60, { recipientName: 'Newly Issued' });
    const p2 = (await get(`limit=3&cursor=${p1.next_cursor}`)).json() as Answer;
    // Another award issued at the same instant as the last one seen: ordered after it by id, still not lost.
    const p3 = (await get(`limit=3&cursor=${p2.next_cursor}`)).json() as Answer;
    const p4 = (await get(`limit=3&cursor=${p3.next_cursor}`)).json() as Answer;
    expect(p4.next_cursor).toBeNull();
    expect(p4.next).toBeNull();
    const seen = [...p1.items, ...p2.items, ...p3.items, ...p4.items].map((x) => x.id);
    expect(seen).toEqual(before);
    expect(seen).not.toContain(fresh.id);
    // Previous from page 3 is page 2, from page 2 page 1 as it was; from there, the newer award, then the top.
    expect((((await get(`limit=3&cursor=${p3.prev_cursor}`)).json() as Answer).items).map((x) => x.id)).toEqual(p2.items.map((x) => x.id));
    const back = (await get(`limit=3&cursor=${p2.prev_cursor}`)).json() as Answer;
    expect(back.items.map((x) => x.id)).toEqual(before.slice(0, 3));
    expect(back.prev_cursor).not.toBeNull();
    const top = (await get(`limit=3&cursor=${back.prev_cursor}`)).json() as Answer;
    expect(top.items.map((x) => x.id)).toEqual([fresh.id, ...before.slice(0, 2)]);
    expect(top.prev_cursor).toBeNull();
    await repos(t.deps.db).awards.setRevoked(fresh.id, new Date().toISOString(), 'test');
  });

  it('orders awards recorded in the same instant by id, so a page boundary between them loses none', async () => {
    const twins = await Promise.all([0, 1, 2, 3, 4].map(() => put(bcB, 120, { recipientName: 'Twin Sameinstant' })));
    const { items, sizes } = await allPages('q=sameinstant&limit=2');
    expect(sizes).toEqual([2, 2, 1]);
    expect(items.map((x) => x.id)).toEqual(twins.map((a) => a.id).sort().reverse());
  });

  it('keeps the filters across pages through `next`', async () => {
    const { items, sizes } = await allPages(`status=pending&badge_class_id=${bcA.id}&limit=1`);
    expect(sizes.length).toBeGreaterThan(2);
    expect(items.map((x) => x.id)).toEqual(await ids(`status=pending&badge_class_id=${bcA.id}&limit=200`));
    for (const x of items) expect(x).toMatchObject({ badge_class_id: bcA.id, status: 'pending' });
  });

  it('matches each search word as the start of a word (any case, accents ignored), every word required', async () => {
    const jose = await put(bcB, 30, { recipientName: 'José Núñez-Álvarez', recipientEmail: 'j.nunez@campus.example.org', issuerEarnerId: 'A-77-Ωmega' });
    const ivanova = await put(bcB, 31, { recipientName: 'Мария Иванова', recipientEmail: 'maria.i@campus.example.org' });
    for (const q of ['jose', 'JOSÉ', 'núñez', 'nunez', 'ALV', 'álvarez', 'Nunez Jose', 'jo nu al', 'j.nunez', 'nunez@campus', 'ωmega', 'a-77']) expect(await ids(`q=${encodeURIComponent(q)}`), q).toEqual([jose.id]);
    for (const q of ['иван', 'ИВАНОВА', 'мария иван', 'maria.i']) expect(await ids(`q=${encodeURIComponent(q)}`), q).toEqual([ivanova.id]);
    // Inside a word is not the start of one; and every word must match.
    for (const q of ['uñez', 'varez', 'ванова', 'jose zelda', 'nunez nobody']) expect(await ids(`q=${encodeURIComponent(q)}`), q).toEqual([]);
    // An email word matches every award with it: both of these, newest first.
    expect(await ids('q=campus.example')).toEqual([ivanova.id, jose.id]);
    expect(await ids('q=Zélda')).toEqual([named.id]);
    // Words in any order, repeated or both a word and its prefix.
    expect(await ids('q=quartermain%20zelda%20zel%20quartermain')).toEqual([named.id]);
  });

  it('writes an award’s terms in its transaction: a rolled-back insert leaves none', async () => {
    const terms = async (awardIds: readonly string[]) => (await t.deps.db.selectFrom('award_terms').select('term').where('award_id', 'in', [...awardIds]).execute()).map((r) => r.term);
    const ghost = build(bcA, 300, { recipientName: 'Rollback Ghost', issuerEarnerId: 'G-1' });
    await expect(
      t.deps.db.transaction().execute(async (tx) => {
        await repos(tx).awards.insert(ghost);
        expect(await repos(tx).awardRegister.page({ organizationId: ours.id, q: 'ghost', now: new Date().toISOString() }, { limit: 5 })).toHaveLength(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await repos(t.deps.db).awards.findById(ghost.id)).toBeUndefined();
    expect(await terms([ghost.id])).toEqual([]);
    expect(await ids('q=ghost')).toEqual([]);
    // insertMany: the second chunk of 100 fails (a duplicate id); the first chunk's terms go with it.
    const batch = Array.from({ length: 101 }, (_, i) => build(bcA, 301 + i, { recipientName: `Phantom Row${i}` }));
    batch[100] = { ...batch[100]!, id: batch[0]!.id };
    await expect(t.deps.db.transaction().execute(async (tx) => repos(tx).awards.insertMany(batch))).rejects.toThrow();
    expect(await terms(batch.map((a) => a.id))).toEqual([]);
    expect(await ids('q=phantom')).toEqual([]);
    // The same, committed: the terms are there.
    const kept = build(bcA, 299, { recipientName: 'Kept Award' });
    await t.deps.db.transaction().execute(async (tx) => repos(tx).awards.insert(kept));
    expect((await terms([kept.id])).sort()).toEqual(['award', 'com', 'example', 'kept', kept.recipientEmail.split('@')[0]!, 'register']);
  });

  it('with an issue date filter, orders by issue date (latest first) and pages in that order; a cursor of the other order is refused', async () => {
    const byCreated = (await allPages('limit=200')).items;
    const expected = byCreated
      .filter((x) => String(x.issued_at) >= '2025-01-01')
      .sort((a, b) => (a.issued_at === b.issued_at ? (a.id < b.id ? 1 : -1) : String(a.issued_at) < String(b.issued_at) ? 1 : -1))
      .map((x) => x.id);
    expect(expected).not.toEqual(byCreated.map((x) => x.id));
    expect(expected.slice(-2)).toEqual([expiresLater.id, expired.id]);
    const { items, sizes } = await allPages('issued_from=2025-01-01&limit=4');
    expect(sizes.length).toBeGreaterThan(2);
    expect(items.map((x) => x.id)).toEqual(expected);
    const p1 = (await get('issued_from=2025-01-01&limit=4')).json() as Answer;
    const p2 = (await get(`issued_from=2025-01-01&limit=4&cursor=${p1.next_cursor}`)).json() as Answer;
    expect(((await get(`issued_from=2025-01-01&limit=4&cursor=${p2.prev_cursor}`)).json() as Answer).items.map((x) => x.id)).toEqual(expected.slice(0, 4));
    const html = (await page.get('/issuing/awards?issued_to=2026-12-31')).body;
    expect(html).toContain('latest issue date first');
    // A cursor of the recorded order with an issue date, and the other way round, answer 422 cursor.
    const created = (await get('limit=4')).json() as Answer;
    for (const query of [`issued_from=2025-01-01&cursor=${created.next_cursor}`, `cursor=${p1.next_cursor}`]) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(422);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'cursor' }] });
    }
  });

  it('a word more common than SPARSE_MAX term rows walks the register in order (the term index when not dense there), with the same answers as a rare one', async () => {
    const big = await makeInstitution(t.deps);
    const bc = await makeBadgeClass(t.deps, big, { name: 'Big Class' });
    // "Early" is common (more than SPARSE_MAX) but none of the newest WALK_MAX has it.
    const made = Array.from({ length: SPARSE_MAX + WALK_MAX + 150 }, (_, i) =>
      build(bc, 5000 + i, { recipientName: `Common ${i % 10 === 3 ? 'Rare' : 'Usual'} ${i < SPARSE_MAX + 50 ? 'Early' : 'Late'} Person${i}`, recipientEmail: `big${i}@big.example.net`, issuedAt: new Date(base - (i % 500) * 86_400_000).toISOString(), claimState: i % 4 === 0 ? 'accepted' : 'pending' }),
    );
    await t.deps.db.transaction().execute(async (tx) => repos(tx).awards.insertMany(made));
    const register = repos(t.deps.db).awardRegister;
    const now = new Date().toISOString();
    const newest = (xs: Award[]) => [...xs].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1)).map((a) => a.id);
    /** Every page of 200 through the repository, and the count. */
    const walk = async (f: { q: string; status?: 'accepted'; issuedFrom?: string }) => {
      const filter = { organizationId: big.id, now, ...f };
      const out: string[] = [];
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const rows = await register.page(filter, { after, limit: 200 });
        out.push(...rows.map((a) => a.id));
        if (rows.length < 200) break;
        const last = rows[rows.length - 1]!;
        after = { at: f.issuedFrom ? last.issuedAt : last.createdAt, id: last.id };
      }
      expect(await register.count(filter)).toBe(out.length);
      // Counting up to a bound gives the same number below it, and the bound above it.
      expect(await register.count(filter, out.length + 1)).toBe(out.length);
      expect(await register.count(filter, 40)).toBe(Math.min(40, out.length));
      return out;
    };
    expect(await walk({ q: 'common' })).toEqual(newest(made));
    expect(await walk({ q: 'usual' })).toEqual(newest(made.filter((a) => a.recipientName.includes('Usual'))));
    expect(await walk({ q: 'common rare' })).toEqual(newest(made.filter((a) => a.recipientName.includes('Rare'))));
    expect(await walk({ q: 'comm pers' })).toEqual(newest(made));
    expect(await walk({ q: 'usual person41' })).toEqual(newest(made.filter((a) => / Usual \w+ Person41/.test(a.recipientName))));
    expect(await walk({ q: 'early' })).toEqual(newest(made.filter((a) => a.recipientName.includes('Early'))));
    expect(await walk({ q: 'early common pers' })).toEqual(newest(made.filter((a) => a.recipientName.includes('Early'))));
    expect(await walk({ q: 'early', status: 'accepted' })).toEqual(newest(made.filter((a) => a.recipientName.includes('Early') && a.claimState === 'accepted')));
    expect(await walk({ q: 'common', status: 'accepted' })).toEqual(newest(made.filter((a) => a.claimState === 'accepted')));
    const from = new Date(base - 100 * 86_400_000).toISOString().slice(0, 10);
    const issued = made.filter((a) => a.issuedAt >= from).sort((a, b) => (a.issuedAt === b.issuedAt ? (a.id < b.id ? 1 : -1) : a.issuedAt < b.issuedAt ? 1 : -1));
    expect(await walk({ q: 'common', issuedFrom: from })).toEqual(issued.map((a) => a.id));
    expect(await walk({ q: 'common nobody' })).toEqual([]);
    // Our institution sees none of them.
    expect(await ids('q=common')).toEqual([]);
  });

  it('never shows another institution’s awards: 403 for it by name, nothing by search; an institution token sees its own', async () => {
    expect(await ids('q=STU-00417', theirToken)).toEqual([foreign.id]);
    expect(await ids(`q=${named.id}`, theirToken)).toEqual([]);
    const asked = await get(`institution=${ours.slug}`, theirToken);
    expect(asked.statusCode).toBe(403);
    expect(asked.json()).toMatchObject({ code: 'forbidden' });
    expect((await get(`badge_class_id=${theirBc.id}`)).json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'badge_class_id' }] });
    const viaOrg = await ids('limit=200', orgToken);
    expect(viaOrg).toEqual(await ids('limit=200'));
    expect((await get(`institution=${theirs.slug}`, orgToken)).statusCode).toBe(403);
    expect((await get('')).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/awards' });
    expect(anonymous.statusCode).toBe(401);
    expect((await page.get(`/issuing/awards?institution=${theirs.slug}`)).statusCode).toBe(403);
    expect((await page.get(`/issuing/awards.csv?institution=${theirs.slug}`)).statusCode).toBe(403);
    const csv = (await page.get('/issuing/awards.csv')).body;
    expect(csv).not.toContain(foreign.id);
  });

  it('answers bad input with validation_failed naming the field, a malformed cursor included', async () => {
    const problem = async (query: string) => {
      const res = await get(query);
      expect(res.statusCode, query).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const body = res.json() as { code: string; errors: { field: string; message: string }[] };
      expect(body.code).toBe('validation_failed');
      return body.errors.map((e) => e.field);
    };
    expect((await problem('status=lost')).join()).toMatch(/status/);
    expect((await problem('limit=201')).join()).toMatch(/limit/);
    expect((await problem('limit=0')).join()).toMatch(/limit/);
    expect((await problem('colour=blue')).join()).toMatch(/colour|querystring/);
    expect(await problem('cursor=not-a-cursor')).toEqual(['cursor']);
    expect(await problem(`cursor=${Buffer.from('["a",42,"x"]').toString('base64url')}`)).toEqual(['cursor']);
    expect(await problem(`cursor=${Buffer.from('{"a":1}').toString('base64url')}`)).toEqual(['cursor']);
    expect(await problem('issued_from=2026-02-30')).toEqual(['issued_from']);
    expect(await problem('expires_to=tomorrow')).toEqual(['expires_to']);
    expect(await problem('issued_from=2026-05-02&issued_to=2026-05-01')).toEqual(['issued_to']);
    expect((await problem('issued_from=nope&expires_from=2026-13-01')).sort()).toEqual(['expires_from', 'issued_from']);
  });

  it('the CSV holds every matching award (not one page), equal to the API’s rows, with the formula guard', async () => {
    for (const query of ['', `badge_class_id=${bcA.id}&status=pending`, 'issued_from=2026-03-01&expires_from=2026-01-01']) {
      const api = (await allPages(`${query}&limit=2`)).items;
      const res = await page.get(`/issuing/awards.csv?${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="awards-${ours.slug}.csv"`);
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      expect(rows.length).toBe(api.length);
      expect(rows.map((r) => [r['Award ID'], r['Recipient email'], r['Student or earner ID'], r['Badge class'], r['Issued'], r['Expires'], r['Status'], r['Credential ID']])).toEqual(
        api.map((x) => [x.id, x.recipient_email, x.issuer_earner_id ?? '', x.badge_class_name, x.issued_at, x.expires_at ?? '', x.status, x.credential_id]),
      );
      for (const [r, x] of rows.map((r, i) => [r, api[i]!] as const)) expect(r['Recipient name']!.replace(/^'/, '')).toBe(x.recipient_name);
    }
    const rows = parse((await page.get('/issuing/awards.csv?q=hostile')).body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['Recipient name'])).toEqual([`'${hostile.recipientName}`]);
    expect(Object.keys(rows[0]!)).toEqual(['Award ID', 'Recipient name', 'Recipient email', 'Student or earner ID', 'Badge class', 'Badge class ID', 'Issued', 'Expires', 'Status', 'Claimed', 'Revoked', 'Revocation reason', 'Suspended', 'Credential ID', 'Badge page']);
  });

  it('the CSV covers more than one read batch (500) in order', async () => {
    const bulk = await makeBadgeClass(t.deps, ours, { name: 'Bulk Class' });
    const made: Award[] = [];
    for (let i = 0; i < 520; i++) made.push(await put(bulk, 200 + i));
    const rows = parse((await page.get(`/issuing/awards.csv?badge_class_id=${bulk.id}`)).body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['Award ID'])).toEqual(made.map((a) => a.id).reverse());
  });

  it('the page: filters shown back and kept in Next / Previous and the CSV link; the empty state says what to change', async () => {
    const res = await page.get(`/issuing/awards?badge_class_id=${bcA.id}&status=pending&issued_from=2025-01-01&q=`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<option value="${bcA.id}" selected`);
    expect(res.body).toMatch(/<input[^>]*name="issued_from"[^>]*value="2025-01-01"/);
    expect(res.body).toContain('<label class="usa-label" for="expires_to">Expires to</label>');
    const csvHref = /href="(\/issuing\/awards\.csv\?[^"]+)"/.exec(res.body)![1]!.replace(/&amp;/g, '&');
    expect(new URLSearchParams(csvHref.split('?')[1]).get('status')).toBe('pending');
    expect(new URLSearchParams(csvHref.split('?')[1]).get('q')).toBeNull();
    const html = (await page.get(`/issuing/awards?badge_class_id=${bcA.id}`)).body;
    expect(html).toMatch(/award(s)? match/);
    // 50 a page: 6 pages' worth is not here, so make the class big enough for a Next link.
    const many = await makeBadgeClass(t.deps, ours, { name: 'Many Class' });
    for (let i = 0; i < 55; i++) await put(many, 1000 + i, { recipientName: `Many Person${i}` });
    const first = await page.get(`/issuing/awards?badge_class_id=${many.id}&status=pending`);
    const next = /href="(\/issuing\/awards\?[^"]*cursor=[^"]+)"[^>]*>\s*<span[^>]*>Next/.exec(first.body);
    expect(next).not.toBeNull();
    const nextUrl = next![1]!.replace(/&amp;/g, '&');
    expect(new URLSearchParams(nextUrl.split('?')[1]).get('badge_class_id')).toBe(many.id);
    expect(new URLSearchParams(nextUrl.split('?')[1]).get('status')).toBe('pending');
    const second = await page.get(nextUrl);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Many Person0<');
    expect(second.body).not.toContain('Many Person54<');
    expect(second.body).toMatch(/Previous \(newer\)/);
    expect(second.body).not.toMatch(/Next \(older\)/);
    const empty = await page.get('/issuing/awards?q=nobody-like-this&status=revoked');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No award matches.');
    expect(empty.body).toContain('You searched with: search words, status.');
    expect(empty.body).toContain('href="/issuing/awards">clear the filters</a>');
    expect(empty.body).not.toContain('Download CSV');
  });

  it('the page shows a bad search as field errors (422), naming each field', async () => {
    const res = await page.get('/issuing/awards?issued_from=2026-02-30&status=lost');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Use a date written YYYY-MM-DD, for example 2026-09-01 (“2026-02-30” is not one).');
    expect(res.body).toMatch(/<input[^>]*class="usa-input usa-input--error"[^>]*id="issued_from"/);
    expect(res.body).toContain('href="#status"');
    expect(res.body).not.toContain('<table');
    expect((await page.get('/issuing/awards?cursor=garbage')).statusCode).toBe(422);
    expect((await page.get('/issuing/awards.csv?expires_to=soon')).statusCode).toBe(422);
    // The older `badge_class` name (links from the issuing home) still filters.
    expect((await page.get(`/issuing/awards?badge_class=${bcB.id}`)).body).toContain(`<option value="${bcB.id}" selected`);
  });

  it('the migration’s backfill writes the same terms as the award writes keep', async () => {
    const read = async () => t.deps.db.selectFrom('award_terms').select(['organization_id', 'term', 'award_id']).orderBy('award_id').orderBy('term').execute();
    const kept = await read();
    expect(kept.length).toBeGreaterThan(m0021.BACKFILL_BATCH);
    await m0021.down(t.deps.db);
    await m0021.up(t.deps.db);
    expect(await read()).toEqual(kept);
    await t.deps.db.deleteFrom('award_terms').execute();
    await m0021.backfillAwardTerms(t.deps.db, 7);
    expect(await read()).toEqual(kept);
    expect(await ids('q=quarterm')).toEqual([named.id]);
  });

  // Last: it adds REGISTER_COUNT_CAP + 1 awards (to an institution of its own) that the tests above need not walk.
  it('the page counts no further than REGISTER_COUNT_CAP: "More than 10,000 awards match", still paged 50 at a time; a narrower filter counts exactly', async () => {
    const large = await makeInstitution(t.deps);
    const bc = await makeBadgeClass(t.deps, large, { name: 'Very Large Class' });
    const member = await makeMember(t.deps, large, 'issuer');
    await repos(t.deps.db).users.setPassword(member.userId, await testHasher.hash(DEMO_PASSWORD), new Date().toISOString());
    const client = await signedIn(t.app, member.email);
    const made = Array.from({ length: REGISTER_COUNT_CAP + 1 }, (_, i) => build(bc, 20_000 + i, { recipientName: `Large ${i % 1000 === 0 ? 'Thousandth' : 'Plain'} Person${i}`, recipientEmail: `large${i}@large.example.net` }));
    for (let i = 0; i < made.length; i += 5000) await t.deps.db.transaction().execute(async (tx) => repos(tx).awards.insertMany(made.slice(i, i + 5000)));
    const all = await client.get('/issuing/awards');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('More than 10,000 awards match');
    expect(all.body).toContain('Download CSV of all of them');
    expect((all.body.match(/<tr/g) ?? []).length).toBeLessThanOrEqual(51);
    expect(all.body).toContain(`Large Plain Person${REGISTER_COUNT_CAP - 1}<`);
    expect(/href="(\/issuing\/awards\?[^"]*cursor=[^"]+)"[^>]*>\s*<span[^>]*>Next/.test(all.body)).toBe(true);
    const few = await client.get('/issuing/awards?q=thousandth');
    expect(few.body).toContain('11 awards match');
    expect(few.body).toContain('Download CSV of all 11');
    // The repository still counts exactly when asked without a bound.
    expect(await repos(t.deps.db).awardRegister.count({ organizationId: large.id, now: new Date().toISOString() })).toBe(REGISTER_COUNT_CAP + 1);
  }, 120_000);
});
