// Pathway authoring and review as use cases, on every dialect: the field rules (with every error keyed
// by its field), versioned saves, who may author and review, the Regents' queue for pathways that cross
// institutions, and the inventory's "Stacks into" facet following the published set in the same commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivePathway } from '../src/domain/pathways/archive-pathway.ts';
import { createPathway } from '../src/domain/pathways/create-pathway.ts';
import { deletePathway } from '../src/domain/pathways/delete-pathway.ts';
import { getPathway } from '../src/domain/pathways/get-pathway.ts';
import { getPathwayReviewQueue } from '../src/domain/pathways/get-pathway-review-queue.ts';
import { getPublishedPathway } from '../src/domain/pathways/get-published-pathway.ts';
import { listPublishedPathways } from '../src/domain/pathways/list-published-pathways.ts';
import { publishPathway } from '../src/domain/pathways/publish-pathway.ts';
import { reviewPathway } from '../src/domain/pathways/review-pathway.ts';
import { updatePathway } from '../src/domain/pathways/update-pathway.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeBadgeClass } from './factories/badges.ts';
import { makeInstitution, makeMember } from './factories/organizations.ts';
import { makeProgram } from './factories/programs.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

describe.each(DIALECTS)('pathway use cases on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
  });
  afterAll(async () => t?.close());

  async function world() {
    const home = await makeInstitution(t.deps);
    const other = await makeInstitution(t.deps);
    const author = await makeMember(t.deps, home, 'program_author');
    const issuer = await makeMember(t.deps, home, 'issuer');
    const otherAuthor = await makeMember(t.deps, other, 'program_author');
    const reviewer = await makeMember(t.deps, await makeInstitution(t.deps, { kind: 'regents' }), 'regents_reviewer');
    const courses = [{ prefix: 'CS', number: '101', title: 'Intro', credit_hours: 3, assessment: '' }];
    const a = await makeProgram(t.deps, home, { form: { courses } });
    const b = await makeProgram(t.deps, home, { form: { courses } });
    const c = await makeProgram(t.deps, other, { form: { courses } });
    const dest = await makeProgram(t.deps, other, { form: { credential_type: 'certificate' } });
    return { home, other, author, issuer, otherAuthor, reviewer, a, b, c, dest };
  }

  const input = (w: Awaited<ReturnType<typeof world>>, components: { program_id?: string; kind?: string; name?: string; url?: string; credit_hours?: number }[], over: Record<string, unknown> = {}) => ({
    name: 'Cyber pathway',
    description: 'From a micro-credential to a certificate.',
    destination: { kind: 'external', name: 'AAS in Cybersecurity', url: 'https://example.edu/aas', credential_type: 'associate_degree' },
    rule: 'all',
    components,
    institution: w.home.slug,
    ...over,
  });

  it('refuses bad input with every problem keyed by its field', async () => {
    const w = await world();
    const err = await createPathway(t.deps, w.author, {
      name: '',
      description: 'x'.repeat(2001),
      destination: { kind: 'external', name: 'Degree', url: 'ftp://example.edu' },
      rule: 'n_of',
      rule_n: 3,
      components: [{ program_id: w.a.id }, { program_id: w.a.id }, { kind: 'external', name: '', url: 'nope' }, { program_id: 'missing' }],
      institution: w.home.slug,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'validation_failed' });
    expect(Object.keys(err.fields).sort()).toEqual(
      ['components-1-program_id', 'components-2-name', 'components-2-url', 'components-3-program_id', 'description', 'destination_credential_type', 'destination_url', 'name'].sort(),
    );
    const none = await createPathway(t.deps, w.author, input(w, [])).catch((e) => e);
    expect(none.fields).toHaveProperty('components');
    const tooMany = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }], { rule: 'n_of', rule_n: 2 })).catch((e) => e);
    expect(tooMany.fields).toHaveProperty('rule_n');
    const hours = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }, { program_id: w.b.id }], { rule: 'credit_hours', rule_credit_hours: 7 })).catch((e) => e);
    expect(hours.fields.rule_credit_hours).toMatch(/6 credit hours/);
    const selfDest = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }], { destination: { kind: 'program', program_id: w.a.id } })).catch((e) => e);
    expect(selfDest.fields).toHaveProperty('destination_program_id');
    const foreignBadge = await makeBadgeClass(t.deps, w.other);
    const badge = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }], { milestone_badge_class_id: foreignBadge.id })).catch((e) => e);
    expect(badge.fields).toHaveProperty('milestone_badge_class_id');
    const unlisted = await makeProgram(t.deps, w.other, { state: 'suspended' });
    const gone = await createPathway(t.deps, w.author, input(w, [{ program_id: unlisted.id }])).catch((e) => e);
    expect(gone.fields).toHaveProperty('components-0-program_id');
  });

  it('lets only the owner institution’s authors write, and defaults credit hours from the live revision', async () => {
    const w = await world();
    for (const who of [w.issuer, w.otherAuthor, w.reviewer]) await expect(createPathway(t.deps, who, input(w, [{ program_id: w.a.id }]))).rejects.toMatchObject({ code: 'forbidden' });
    const bc = await makeBadgeClass(t.deps, w.home);
    const p = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }, { program_id: w.b.id, credit_hours: 1.5 }, { kind: 'external', name: 'CompTIA Security+', url: 'https://example.org/secplus' }], { rule: 'credit_hours', rule_credit_hours: 4.5, milestone_badge_class_id: bc.id }));
    expect(p).toMatchObject({ status: 'draft', reviewState: 'not_required', crossesInstitutions: false, milestoneBadgeClassId: bc.id, milestoneMode: 'automatic', version: 1 });
    expect(p.components.map((c) => [c.kind, c.name, c.creditHours, c.organizationId])).toEqual([
      ['program', w.a.title, 3, w.home.id],
      ['program', w.b.title, 1.5, w.home.id],
      ['external', 'CompTIA Security+', null, null],
    ]);
    const events = await repos(t.deps.db).audit.list({ subjectId: p.id, page: 1, perPage: 10 });
    expect(events.items.map((e) => e.action)).toEqual(['pathway.created']);
    await expect(getPathway(t.deps, w.otherAuthor, { pathwayId: p.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getPathway(t.deps, null, { pathwayId: p.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('saves under the version the author loaded, and publishes a same-institution pathway at once', async () => {
    const w = await world();
    const p = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }, { program_id: w.b.id }]));
    const saved = await updatePathway(t.deps, w.author, { ...input(w, [{ program_id: w.b.id }, { program_id: w.a.id }], { name: 'Renamed' }), pathwayId: p.id, expectedVersion: 1 });
    expect(saved).toMatchObject({ name: 'Renamed', version: 2 });
    expect(saved.components.map((c) => c.programId)).toEqual([w.b.id, w.a.id]);
    await expect(updatePathway(t.deps, w.author, { ...input(w, [{ program_id: w.a.id }]), pathwayId: p.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'pathway_conflict' });
    const pub = await publishPathway(t.deps, w.author, { pathwayId: p.id, expectedVersion: 2 });
    expect(pub).toMatchObject({ status: 'published', reviewState: 'not_required' });
    expect((await getPublishedPathway(t.deps, null, { pathwayId: p.id })).components.map((c) => c.institution?.name)).toEqual([w.home.name, w.home.name]);
    await expect(deletePathway(t.deps, w.author, { pathwayId: p.id })).rejects.toMatchObject({ code: 'invalid_transition' });
    const arch = await archivePathway(t.deps, w.author, { pathwayId: p.id });
    expect(arch.status).toBe('archived');
    await expect(getPublishedPathway(t.deps, null, { pathwayId: p.id })).rejects.toMatchObject({ code: 'not_found' });
    const draft = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }]));
    await expect(deletePathway(t.deps, w.otherAuthor, { pathwayId: draft.id })).rejects.toMatchObject({ code: 'not_found' });
    await deletePathway(t.deps, w.author, { pathwayId: draft.id });
    expect(await repos(t.deps.db).pathways.get(draft.id)).toBeUndefined();
  });

  it('sends a cross-institution pathway to the Regents, who accept it or request changes', async () => {
    const w = await world();
    const p = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }, { program_id: w.c.id }], { destination: { kind: 'program', program_id: w.dest.id } }));
    expect(p).toMatchObject({ crossesInstitutions: true, destination: { name: w.dest.title, credentialType: 'certificate' } });
    await expect(getPathwayReviewQueue(t.deps, w.author)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await getPathwayReviewQueue(t.deps, w.reviewer)).map((v) => v.pathway.id)).not.toContain(p.id);
    const sent = await publishPathway(t.deps, w.author, { pathwayId: p.id });
    expect(sent).toMatchObject({ status: 'draft', reviewState: 'pending' });
    const queue = await getPathwayReviewQueue(t.deps, w.reviewer);
    const item = queue.find((v) => v.pathway.id === p.id)!;
    expect(item.components.map((c) => c.institution?.name)).toEqual([w.home.name, w.other.name]);
    expect(item.destination.institution?.name).toBe(w.other.name);
    await expect(reviewPathway(t.deps, w.author, { pathwayId: p.id, decision: 'accept' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(reviewPathway(t.deps, w.reviewer, { pathwayId: p.id, decision: 'request_changes', comment: ' ' })).rejects.toMatchObject({ code: 'validation_failed' });
    const back = await reviewPathway(t.deps, w.reviewer, { pathwayId: p.id, decision: 'request_changes', comment: 'Name the credit transfer agreement.' });
    expect(back).toMatchObject({ status: 'draft', reviewState: 'changes_requested', reviewComment: 'Name the credit transfer agreement.' });
    expect((await getPathway(t.deps, w.author, { pathwayId: p.id })).pathway.reviewComment).toBe('Name the credit transfer agreement.');
    await publishPathway(t.deps, w.author, { pathwayId: p.id });
    const accepted = await reviewPathway(t.deps, w.reviewer, { pathwayId: p.id, decision: 'accept' });
    expect(accepted).toMatchObject({ status: 'published', reviewState: 'accepted' });
    expect((await listPublishedPathways(t.deps, null, { institution: w.other.slug })).map((v) => v.pathway.id)).toContain(p.id);
    expect((await listPublishedPathways(t.deps, null, { programId: w.c.id })).map((v) => v.pathway.id)).toEqual([p.id]);
    // A change to what the Regents accepted goes back to them, out of public view meanwhile.
    const edited = await updatePathway(t.deps, w.author, { ...input(w, [{ program_id: w.a.id }, { program_id: w.c.id }, { program_id: w.b.id }], { destination: { kind: 'program', program_id: w.dest.id } }), pathwayId: p.id });
    expect(edited).toMatchObject({ status: 'draft', reviewState: 'pending' });
  });

  it('keeps the inventory’s “Stacks into” facet in step with the published pathways', async () => {
    const w = await world();
    const p = await createPathway(t.deps, w.author, input(w, [{ program_id: w.a.id }, { program_id: w.b.id }], { destination: { kind: 'program', program_id: w.dest.id }, institution: w.home.slug }));
    const value = `${w.dest.title} — ${w.other.name}`;
    const facetOf = async (programId: string) => {
      const res = await t.deps.search.search({ q: '', filters: { stacks_into: [value] }, sort: 'title', page: 1, perPage: 100 });
      return { ids: res.items.map((i) => i.programId), has: res.items.some((i) => i.programId === programId), value: res.facets.stacks_into.find((v) => v.value === value) };
    };
    expect((await facetOf(w.a.id)).has).toBe(false);
    await publishPathway(t.deps, w.author, { pathwayId: p.id });
    await reviewPathway(t.deps, w.reviewer, { pathwayId: p.id, decision: 'accept' });
    const after = await facetOf(w.a.id);
    expect(after.ids.sort()).toEqual([w.a.id, w.b.id].sort());
    expect(after.value).toMatchObject({ label: value, count: 2, selected: true });
    await updatePathway(t.deps, w.author, { ...input(w, [{ program_id: w.a.id }], { destination: { kind: 'program', program_id: w.dest.id } }), pathwayId: p.id });
    // Back in review: not published, so no longer in the facet.
    expect((await facetOf(w.a.id)).ids).toEqual([]);
    await reviewPathway(t.deps, w.reviewer, { pathwayId: p.id, decision: 'accept' });
    expect((await facetOf(w.a.id)).ids).toEqual([w.a.id]);
    await archivePathway(t.deps, w.author, { pathwayId: p.id });
    expect((await facetOf(w.a.id)).ids).toEqual([]);
  });
});
