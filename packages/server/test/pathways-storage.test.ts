// The pathways repository on every dialect: components saved with the row in order, optimistic
// versions, the queries the program page and milestone issuing use, and a milestone claimed once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repos } from '../src/storage/repositories/index.ts';
import type { Pathway } from '../src/domain/pathways/types.ts';
import { pathwayProgress } from '../src/domain/pathways/progress.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

describe.each(DIALECTS)('pathways storage (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function base(): Promise<{ orgA: string; orgB: string; progs: string[] }> {
    const r = repos(t.deps.db);
    const orgs = (await r.organizations.list()).filter((o) => o.kind === 'institution');
    const progs: string[] = [];
    for (const o of orgs.slice(0, 2)) for (const p of await r.programs.listByOrganization(o.id)) progs.push(p.id);
    return { orgA: orgs[0]!.id, orgB: orgs[1]!.id, progs };
  }

  function pathway(id: string, orgId: string, programIds: string[], over: Partial<Pathway> = {}): Pathway {
    const at = '2026-12-02T00:00:00.000Z';
    return {
      id,
      organizationId: orgId,
      name: `Pathway ${id}`,
      description: 'd',
      destination: { kind: 'external', programId: null, name: 'AAS in Business', url: 'https://example.edu/aas', credentialType: 'associate_degree' },
      rule: 'all',
      ruleN: null,
      ruleCreditHours: null,
      milestoneBadgeClassId: null,
      milestoneMode: null,
      status: 'published',
      crossesInstitutions: false,
      reviewState: 'not_required',
      reviewComment: null,
      reviewedBy: null,
      reviewedAt: null,
      version: 1,
      createdBy: null,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      components: programIds.map((pid, i) => ({ kind: 'program' as const, programId: pid, organizationId: orgId, name: `C${i}`, url: null, creditHours: 1.5 })),
      ...over,
    };
  }

  it('saves components in order, refuses a stale version and finds pathways by program', async () => {
    const { orgA, progs } = await base();
    expect(progs.length).toBeGreaterThanOrEqual(3);
    const r = repos(t.deps.db);
    const p = pathway('pw-1', orgA, [progs[2]!, progs[0]!, progs[1]!]);
    await t.deps.db.transaction().execute(async (tx) => repos(tx).pathways.insert(p));
    const got = await r.pathways.get('pw-1');
    expect(got?.components.map((c) => c.programId)).toEqual([progs[2], progs[0], progs[1]]);
    expect(got?.components[0]?.creditHours).toBe(1.5);
    expect(await r.pathways.update({ ...p, name: 'Renamed', version: 2, components: p.components.slice(0, 1) }, 1)).toBe(true);
    expect(await r.pathways.update({ ...p, name: 'Stale', version: 2 }, 1)).toBe(false);
    const again = await r.pathways.get('pw-1');
    expect(again?.name).toBe('Renamed');
    expect(again?.components).toHaveLength(1);
    // The demo seeds pathways of its own (domain/seed/seed-pathways.ts): only this test's count here.
    const mine = async (programId: string) => (await r.pathways.listTouchingProgram(programId)).map((x) => x.id).filter((id) => id.startsWith('pw-'));
    expect(await mine(progs[2]!)).toEqual(['pw-1']);
    expect(await mine(progs[1]!)).toEqual([]);
  });

  it('claims a milestone once per pathway and earner and moves it only from its state', async () => {
    const { orgA } = await base();
    const r = repos(t.deps.db);
    const user = (await r.users.findByEmail('student@example.com'))!;
    await r.pathways.insert(pathway('pw-2', orgA, []));
    const m = { pathwayId: 'pw-2', userId: user.id, organizationId: orgA, state: 'issuing' as const, awardId: null, componentAwardIds: ['a1', 'a2'], createdAt: 'x', decidedAt: null, decidedBy: null, updatedAt: 'x' };
    const claims = await Promise.all([r.pathwayMilestones.claim(m), r.pathwayMilestones.claim(m), r.pathwayMilestones.claim(m)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await r.pathwayMilestones.transition({ pathwayId: 'pw-2', userId: user.id, from: 'issuing', to: 'issued', awardId: 'aw', at: 'y' })).toBe(true);
    expect(await r.pathwayMilestones.transition({ pathwayId: 'pw-2', userId: user.id, from: 'issuing', to: 'issued', awardId: 'aw2', at: 'z' })).toBe(false);
    const got = await r.pathwayMilestones.get('pw-2', user.id);
    expect(got).toMatchObject({ state: 'issued', awardId: 'aw', componentAwardIds: ['a1', 'a2'] });
  });

  it('decides the three rules', () => {
    const p = pathway('pw-3', 'o', ['p1', 'p2', 'p3']);
    const held = { programs: new Map([['p1', 'a1'], ['p3', 'a3']]) };
    expect(pathwayProgress(p, held)).toMatchObject({ complete: false, earnedCount: 2, requiredCount: 3 });
    expect(pathwayProgress(p, held).next.map((c) => c.component.programId)).toEqual(['p2']);
    expect(pathwayProgress({ ...p, rule: 'n_of', ruleN: 2 }, held)).toMatchObject({ complete: true, completingAwardIds: ['a1', 'a3'] });
    expect(pathwayProgress({ ...p, rule: 'credit_hours', ruleCreditHours: 3 }, held)).toMatchObject({ complete: true, creditHoursEarned: 3 });
    expect(pathwayProgress({ ...p, rule: 'credit_hours', ruleCreditHours: 3.1 }, held).complete).toBe(false);
    expect(pathwayProgress({ ...p, components: [] }, held).complete).toBe(false);
  });
});
