// Issuing a placement's badge to the students who met its rule, through the same use case as every
// other award (issuance/issue-awards.ts): the same signed credential, duplicate rule, audit event,
// claim email and award.issued webhook. A student is awarded once per placement: their row keeps the
// award's id, and a student the duplicate rule finds already holding the badge (from another course, a
// CSV, or an earlier run that stopped before it noted the award) is linked to that award instead.
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiLearner } from '../../storage/repositories/lti-awards.ts';
import type { LtiPlacement, LtiPlatform } from '../../storage/repositories/lti.ts';
import { nowIso, type Deps } from '../deps.ts';
import { badgeClassContext } from '../issuance/achievement.ts';
import { issueAwards, type SignMany } from '../issuance/issue-awards.ts';
import { formatScore } from './award-rules.ts';

/** Awards per issuing call: one signing run and one transaction each. */
const CHUNK = 250;
/** The award input's limit for the issuer's earner id. */
const EARNER_ID_MAX = 100;

export interface AwardRun {
  readonly issued: number;
  readonly alreadyHeld: number;
  readonly failed: number;
  /** Qualified students the platform shares no email address for: they cannot be issued a badge. */
  readonly noEmail: number;
  /** Why nothing could be issued (the program suspended, the institution inactive), or null. */
  readonly problem: string | null;
}

function evidenceOf(placement: LtiPlacement, platform: LtiPlatform, l: LtiLearner): string {
  const where = `${placement.rule.lineItemLabel ?? 'the course activity'} in ${placement.contextTitle} (${platform.name})`;
  if (placement.rule.kind === 'completion') return `Completed ${where}.`;
  return `Scored ${formatScore(l.score, l.maximum)} in ${where}; the badge asks for ${placement.rule.threshold}%.`;
}

export async function awardQualified(
  deps: Deps,
  input: { placement: LtiPlacement; platform: LtiPlatform; via: 'automatic' | 'instructor'; approvedBy?: { subject: string; name: string | null }; userIds?: readonly string[]; signMany?: SignMany },
): Promise<AwardRun> {
  const { placement, platform } = input;
  const r = repos(deps.db);
  const waiting = await r.ltiLearners.awaitingAward(placement.id, input.userIds);
  const noEmail = (await r.ltiLearners.counts(placement.id)).no_email;
  const ctx = await badgeClassContext(deps, placement.badgeClassId);
  const none = { issued: 0, alreadyHeld: 0, failed: 0, noEmail };
  if (ctx.organization.status !== 'active') return { ...none, problem: `${ctx.organization.name} is inactive in Laurel and cannot issue badges now.` };
  if (!ctx.programActive) return { ...none, problem: `The program of “${ctx.badgeClass.name}” is suspended or retired, so its badge cannot be issued now.` };
  let issued = 0;
  let alreadyHeld = 0;
  let failed = 0;
  const auditData = { via: 'lti', rule: input.via, placementId: placement.id, platformId: platform.id, contextId: placement.contextId, ...(input.approvedBy ? { approvedBy: input.approvedBy.subject, approvedByName: input.approvedBy.name } : {}) };
  for (let i = 0; i < waiting.length; i += CHUNK) {
    const chunk = waiting.slice(i, i + CHUNK).filter((l): l is LtiLearner & { email: string } => l.email !== null);
    if (chunk.length === 0) continue;
    const results = await issueAwards(deps, SYSTEM, {
      badgeClassId: placement.badgeClassId,
      context: ctx,
      auditData,
      ...(input.signMany ? { signMany: input.signMany } : {}),
      items: chunk.map((l) => ({ raw: { recipient_email: l.email, recipient_name: l.name ?? l.email.split('@')[0], issuer_earner_id: l.userId.length <= EARNER_ID_MAX ? l.userId : undefined, evidence_narrative: evidenceOf(placement, platform, l) } })),
    });
    const at = nowIso(deps);
    const awarded = results.flatMap((res, k) => (res.ok ? [{ userId: chunk[k]!.userId, awardId: res.award.id }] : []));
    await r.ltiLearners.settleAwarded(placement.id, awarded, at);
    issued += awarded.length;
    for (const [k, res] of results.entries()) {
      const l = chunk[k]!;
      if (res.ok) continue;
      const held = res.code === 'duplicate_award' ? await r.awards.findLive(placement.badgeClassId, l.email, l.userId.length <= EARNER_ID_MAX ? l.userId : null) : undefined;
      if (held) {
        alreadyHeld++;
        await r.ltiLearners.settle(placement.id, l.userId, { status: 'held', awardId: held.id, message: null, at });
      } else {
        failed++;
        await r.ltiLearners.settle(placement.id, l.userId, { status: 'failed', awardId: null, message: res.message.slice(0, 500), at });
      }
    }
  }
  deps.wake();
  return { issued, alreadyHeld, failed, noEmail, problem: null };
}

/** The instructor approves, in one step, every student who qualified and is not yet awarded here. */
export async function approveQualified(deps: Deps, frame: { placement: LtiPlacement; platform: LtiPlatform; session: { subject: string; name: string | null } }, input: { ip: string | null; signMany?: SignMany }): Promise<AwardRun> {
  const run = await awardQualified(deps, { placement: frame.placement, platform: frame.platform, via: 'instructor', approvedBy: { subject: frame.session.subject, name: frame.session.name }, ...(input.signMany ? { signMany: input.signMany } : {}) });
  await audit(repos(deps.db), { actor: SYSTEM, at: nowIso(deps), ip: input.ip, action: 'lti.awards_approved', subjectType: 'lti_placement', subjectId: frame.placement.id, organizationId: frame.platform.organizationId, data: { instructor: frame.session.subject, instructorName: frame.session.name, issued: run.issued, alreadyHeld: run.alreadyHeld, failed: run.failed, problem: run.problem } });
  return run;
}
