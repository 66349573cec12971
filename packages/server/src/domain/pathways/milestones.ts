// Milestone badges: earning a pathway's components earns its milestone badge, once per earner.
// The pathway-progress job (progress-jobs.ts queues it) decides completion with pathwayProgress, claims
// the (pathway, earner) row — an INSERT on its primary key, so across processes one claim wins — and
// then, in 'automatic' mode, issues the award through the one issuing use case (issue-awards.ts), which
// moves the row from 'issuing' to 'issued' in the award's own transaction. In 'approval' mode the row
// waits as 'pending_approval' for the issuer (approve-milestone.ts).
//
// Exactly once, also after a crash: a row left in 'issuing' is finished by whichever job next looks at
// the earner (the retried job, or any later trigger). Finishing first looks for a live award of the
// milestone badge to one of the earner's addresses — the idempotency key `milestone:<pathway>:<user>` is
// carried in its award.issued audit event — and adopts it; and the partial unique index "one live award
// per badge class and recipient" refuses a second one even when two processes finish at once.
import { repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import { SYSTEM, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { achievementIdFor } from '../credentials/endorsement.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { BadgeClassContext } from '../issuance/achievement.ts';
import { issuableBadgeClass, issueAwards } from '../issuance/issue-awards.ts';
import { earnerHoldings, verifiedEmails } from './holdings.ts';
import { pathwayProgress } from './progress.ts';
import { queuePathwayProgress, type PathwayProgressPayload } from './progress-jobs.ts';
import type { MilestoneState, Pathway, PathwayMilestone } from './types.ts';

export interface MilestoneOutcome {
  readonly pathwayId: string;
  readonly state: MilestoneState;
  readonly awardId: string | null;
  /** True when this run claimed the milestone (the first to notice the completion). */
  readonly claimed: boolean;
}

export function milestoneKey(pathwayId: string, userId: string): string {
  return `milestone:${pathwayId}:${userId}`;
}

/** The job handler: one earner's pathways, or a newly published pathway's back-fill. */
export async function runPathwayProgressJob(deps: Deps, payload: PathwayProgressPayload): Promise<void> {
  if (payload.kind === 'pathway') await backfillPathway(deps, payload.pathwayId);
  else await evaluateMilestones(deps, { userId: payload.userId });
}

/** Queues every earner who already holds a component of a published pathway. */
async function backfillPathway(deps: Deps, pathwayId: string): Promise<void> {
  const r = repos(deps.db);
  const p = await r.pathways.get(pathwayId);
  if (!p || p.status !== 'published' || !p.milestoneBadgeClassId) return;
  const users = await r.pathwayHoldings.holdersOfPrograms(p.components.flatMap((c) => (c.programId ? [c.programId] : [])));
  const at = nowIso(deps);
  for (let i = 0; i < users.length; i += 200) {
    await inTransaction(deps, async (tr) => {
      for (const userId of users.slice(i, i + 200)) await queuePathwayProgress(tr, { userId, trigger: 'backfill', subjectId: `${p.id}@${p.version}`, at });
    });
  }
  deps.wake();
}

/** Decides each published milestone pathway the earner has a component of; claims and issues what is due. */
export async function evaluateMilestones(deps: Deps, input: { userId: string }): Promise<MilestoneOutcome[]> {
  const r = repos(deps.db);
  const user = await r.users.findById(input.userId);
  if (!user || user.status !== 'active') return [];
  const eh = await earnerHoldings(r, { userId: input.userId, now: nowIso(deps) });
  const pathways = await r.pathways.listMilestonesWithComponents([...eh.holdings.programs.keys()]);
  const out: MilestoneOutcome[] = [];
  for (const p of pathways) {
    const existing = await r.pathwayMilestones.get(p.id, input.userId);
    if (existing) {
      out.push(existing.state === 'issuing' ? await finishIssuing(deps, SYSTEM, { pathway: p, milestone: existing }) : outcome(existing, false));
      continue;
    }
    const progress = pathwayProgress(p, eh.holdings);
    if (!progress.complete) continue;
    const claimed = await claimMilestone(deps, { pathway: p, userId: input.userId, componentAwardIds: progress.completingAwardIds });
    if (!claimed) {
      // Another process noticed the same completion and claimed it first: it issues, not us.
      const now = await r.pathwayMilestones.get(p.id, input.userId);
      if (now) out.push(outcome(now, false));
      continue;
    }
    out.push(claimed.state === 'issuing' ? { ...(await finishIssuing(deps, SYSTEM, { pathway: p, milestone: claimed })), claimed: true } : outcome(claimed, true));
  }
  return out;
}

function outcome(m: PathwayMilestone, claimed: boolean): MilestoneOutcome {
  return { pathwayId: m.pathwayId, state: m.state, awardId: m.awardId, claimed };
}

/** The PK insert with its audit event; undefined when someone else holds the claim. */
async function claimMilestone(deps: Deps, input: { pathway: Pathway; userId: string; componentAwardIds: readonly string[] }): Promise<PathwayMilestone | undefined> {
  const { pathway } = input;
  const r = repos(deps.db);
  const badgeClass = await r.badgeClasses.findById(pathway.milestoneBadgeClassId!);
  if (!badgeClass) return undefined;
  const at = nowIso(deps);
  const state: MilestoneState = pathway.milestoneMode === 'approval' ? 'pending_approval' : 'issuing';
  const m: PathwayMilestone = { pathwayId: pathway.id, userId: input.userId, organizationId: badgeClass.organizationId, state, awardId: null, componentAwardIds: input.componentAwardIds, createdAt: at, decidedAt: null, decidedBy: null, updatedAt: at };
  const won = await inTransaction(deps, async (tr) => {
    if (!(await tr.pathwayMilestones.claim(m))) return false;
    await audit(tr, {
      actor: SYSTEM,
      at,
      action: state === 'issuing' ? 'milestone.completed' : 'milestone.awaiting_approval',
      subjectType: 'pathway',
      subjectId: pathway.id,
      organizationId: m.organizationId,
      data: { userId: input.userId, badgeClassId: badgeClass.id, components: input.componentAwardIds },
    });
    return true;
  });
  return won ? m : undefined;
}

/** The milestone's Achievement: the badge class's, relating the pathway's components (OB 3.0 `related`). */
export async function milestoneContext(deps: Deps, actor: Actor, pathway: Pathway): Promise<BadgeClassContext> {
  const ctx = await issuableBadgeClass(deps, actor, pathway.milestoneBadgeClassId!);
  const ids = pathway.components.flatMap((c) => (c.kind === 'program' && c.programId ? [achievementIdFor(deps, c.programId)] : c.url ? [c.url] : []));
  const related = [...new Set(ids)].map((id) => ({ id, type: ['Related'] }));
  return related.length ? { ...ctx, achievement: { ...ctx.achievement, related } } : ctx;
}

/** Evidence entries naming the component credentials that completed the pathway. */
async function componentEvidence(deps: Deps, pathway: Pathway, awardIds: readonly string[]) {
  const r = repos(deps.db);
  const awards = await r.awards.findByIds(awardIds);
  const byId = new Map(awards.map((a) => [a.id, a]));
  const out = [];
  for (const id of awardIds) {
    const a = byId.get(id);
    if (!a) continue;
    const [bc, org] = await Promise.all([r.badgeClasses.findById(a.badgeClassId), r.organizations.findById(a.organizationId)]);
    out.push({
      id: a.credentialId,
      name: bc?.name ?? 'Component credential',
      description: `${bc?.name ?? 'A credential'}, issued by ${org?.name ?? 'an institution'} on ${a.issuedAt.slice(0, 10)}: a component of the pathway “${pathway.name}”.`,
      genre: 'Credential',
    });
  }
  return out;
}

/** The earner's live award of the milestone badge, if one exists (a finished run, or an issuer's own). */
async function liveMilestoneAward(deps: Deps, pathway: Pathway, userId: string): Promise<Award | undefined> {
  const r = repos(deps.db);
  const live = await r.awards.liveFor(pathway.milestoneBadgeClassId!, await verifiedEmails(r, userId), []);
  return live.find((a) => a.earnerUserId === null || a.earnerUserId === userId);
}

async function markIssued(deps: Deps, actor: Actor, m: PathwayMilestone, award: Award, adopted: boolean): Promise<boolean> {
  const at = nowIso(deps);
  return inTransaction(deps, async (tr) => {
    if (!(await tr.pathwayMilestones.transition({ pathwayId: m.pathwayId, userId: m.userId, from: 'issuing', to: 'issued', awardId: award.id, at }))) return false;
    await audit(tr, { actor, at, action: 'milestone.issued', subjectType: 'pathway', subjectId: m.pathwayId, organizationId: m.organizationId, data: { userId: m.userId, awardId: award.id, ...(adopted ? { adopted: true } : {}) } });
    return true;
  });
}

/** Issues the award of a milestone in 'issuing' (or adopts the one already issued); its outcome. */
export async function finishIssuing(deps: Deps, actor: Actor, input: { pathway: Pathway; milestone: PathwayMilestone }): Promise<MilestoneOutcome> {
  const { pathway, milestone: m } = input;
  const r = repos(deps.db);
  const current = async (): Promise<MilestoneOutcome> => outcome((await r.pathwayMilestones.get(m.pathwayId, m.userId)) ?? m, false);
  const found = await liveMilestoneAward(deps, pathway, m.userId);
  if (found) {
    await markIssued(deps, actor, m, found, true);
    return current();
  }
  const user = await r.users.findById(m.userId);
  if (!user) throw new DomainError('not_found', 'The earner no longer exists.');
  const context = await milestoneContext(deps, actor, pathway);
  const evidence = await componentEvidence(deps, pathway, m.componentAwardIds);
  let lost = false;
  const [res] = await issueAwards(deps, actor, {
    badgeClassId: pathway.milestoneBadgeClassId!,
    context,
    items: [{ raw: { recipient_email: user.email, recipient_name: user.name }, evidence }],
    auditData: { milestone: milestoneKey(pathway.id, m.userId), pathwayId: pathway.id },
    afterStore: async (tr, awards) => {
      const a = awards[0]!;
      // The award commits only with the milestone's move to 'issued'; if another run settled it, roll back.
      if (!(await tr.pathwayMilestones.transition({ pathwayId: m.pathwayId, userId: m.userId, from: 'issuing', to: 'issued', awardId: a.id, at: a.createdAt }))) {
        lost = true;
        throw new DomainError('invalid_transition', 'The milestone was settled meanwhile.');
      }
      await audit(tr, { actor, at: a.createdAt, action: 'milestone.issued', subjectType: 'pathway', subjectId: m.pathwayId, organizationId: m.organizationId, data: { userId: m.userId, awardId: a.id } });
    },
  }).catch((err: unknown) => {
    if (lost) return [undefined];
    throw err;
  });
  if (res && !res.ok) {
    if (res.code !== 'duplicate_award') throw new DomainError(res.code, res.message, res.fields);
    // Another run issued it between our look and our insert: adopt that award.
    const other = await liveMilestoneAward(deps, pathway, m.userId);
    if (other) await markIssued(deps, actor, m, other, true);
  }
  return current();
}
