// The inventory's public reads as use cases: a listed program is readable by anyone (signed out, or of
// any institution); a draft, suspended or retired program is not readable on the public pages by anyone —
// another institution's people included, and its own institution too (they see it on their own pages);
// the search, the export and the sitemap hold listed programs only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../src/domain/actor.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { exportInventory } from '../src/domain/inventory/export-inventory.ts';
import { getListedInstitution } from '../src/domain/inventory/get-listed-institution.ts';
import { getListedProgram } from '../src/domain/inventory/get-listed-program.ts';
import { getListedProgramBadge } from '../src/domain/inventory/get-listed-program-badge.ts';
import { listSitemapEntries } from '../src/domain/inventory/list-sitemap-entries.ts';
import { searchInventory } from '../src/domain/inventory/search-inventory.ts';
import type { Organization } from '../src/storage/repositories/organizations.ts';
import { makeInstitution, makeMember } from './factories/organizations.ts';
import { makeProgram, type FactoryProgram } from './factories/programs.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const notFound = expect.objectContaining({ code: 'not_found' });

async function collect(lines: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const l of lines) out += l;
  return out;
}

describe.each(DIALECTS)('inventory use cases on %s', (dialect) => {
  let t: TestApp;
  let own: Organization;
  let other: Organization;
  let ownAdmin: UserActor;
  let otherAuthor: UserActor;
  let listed: FactoryProgram;
  let unlisted: Record<'draft' | 'suspended' | 'retired', FactoryProgram>;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
    await ensureRegents(t.deps);
    own = await makeInstitution(t.deps);
    other = await makeInstitution(t.deps);
    ownAdmin = await makeMember(t.deps, own, 'institution_admin');
    otherAuthor = await makeMember(t.deps, other, 'program_author');
    listed = await makeProgram(t.deps, own, { endorsement: 'endorsed' });
    unlisted = {
      draft: await makeProgram(t.deps, own, { state: 'draft' }),
      suspended: await makeProgram(t.deps, own, { state: 'suspended' }),
      retired: await makeProgram(t.deps, own, { state: 'retired' }),
    };
  });
  afterAll(async () => t?.close());

  it('shows a listed program and its badge to anyone', async () => {
    for (const actor of [null, otherAuthor, ownAdmin]) {
      const v = await getListedProgram(t.deps, actor, { programId: listed.id });
      expect(v.form.title).toBe(listed.title);
      expect(v.organization.slug).toBe(own.slug);
      const { badge } = await getListedProgramBadge(t.deps, actor, { programId: listed.id });
      expect(badge.contentType).toBe('image/svg+xml');
    }
  });

  it('refuses a draft, suspended or retired program and its badge to another institution, the public and its own institution alike', async () => {
    for (const [state, p] of Object.entries(unlisted)) {
      for (const actor of [null, otherAuthor, ownAdmin]) {
        await expect(getListedProgram(t.deps, actor, { programId: p.id }), `${state} as ${actor?.email ?? 'anonymous'}`).rejects.toEqual(notFound);
        await expect(getListedProgramBadge(t.deps, actor, { programId: p.id }), `${state} badge`).rejects.toEqual(notFound);
      }
    }
    await expect(getListedProgram(t.deps, null, { programId: 'no-such-program' })).rejects.toEqual(notFound);
  });

  it('searches listed programs only, with the same answer for every actor', async () => {
    for (const actor of [null, otherAuthor, ownAdmin]) {
      const { result } = await searchInventory(t.deps, actor, { params: { q: listed.title } });
      expect(result.items.map((i) => i.programId)).toEqual([listed.id]);
      for (const p of Object.values(unlisted)) expect((await searchInventory(t.deps, actor, { params: { q: p.title } })).result.total).toBe(0);
    }
    const all = await searchInventory(t.deps, otherAuthor, { params: { per_page: '100' } });
    expect(all.result.items.map((i) => i.programId)).toEqual([listed.id]);
    // An institution's page fixes its filter whatever the parameters say.
    const forced = await searchInventory(t.deps, null, { params: { institution: other.slug }, force: { institution: [own.slug] } });
    expect(forced.result.total).toBe(1);
    await expect(searchInventory(t.deps, null, { params: { endorsement: 'maybe' } })).rejects.toEqual(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('exports and maps listed programs only', async () => {
    const csv = await collect(exportInventory(t.deps, otherAuthor, { params: {} }).lines);
    expect(csv).toContain(listed.title);
    for (const p of Object.values(unlisted)) expect(csv).not.toContain(p.title);
    expect(() => exportInventory(t.deps, null, { params: { sort: 'best' } })).toThrowError(expect.objectContaining({ code: 'validation_failed' }));

    const inactive = await makeInstitution(t.deps, { status: 'inactive' });
    const map = await listSitemapEntries(t.deps, null);
    expect(map.institutionSlugs).toEqual(expect.arrayContaining([own.slug, other.slug]));
    expect(map.institutionSlugs).not.toContain(inactive.slug);
    const ids: string[] = [];
    for await (const p of map.programs) ids.push(p.programId);
    expect(ids).toEqual([listed.id]);
  });

  it('gives an institution’s public profile only, and no page for the Regents or an unknown slug', async () => {
    for (const actor of [null, otherAuthor]) {
      expect(await getListedInstitution(t.deps, actor, { slug: own.slug })).toEqual({ slug: own.slug, name: own.name, description: own.description, city: own.city, website: own.website });
    }
    const regents = await ensureRegents(t.deps);
    await expect(getListedInstitution(t.deps, null, { slug: regents.slug })).rejects.toEqual(notFound);
    await expect(getListedInstitution(t.deps, otherAuthor, { slug: 'no-such-institution' })).rejects.toEqual(notFound);
  });
});
