// Reading a placement's results from the course: the roster (NRPS, active learners with their names and
// email addresses) and the results of the rule's grade column (AGS), each student's reading recorded,
// then — when the placement issues on its own — the badge issued to whoever newly qualified. It runs as
// a job (LTI_CHECK_QUEUE): asked for by the instructor's page or when the rule is saved, and hourly for
// placements that issue on their own; a student's own launch reads just their result, at once.
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiPlacement, LtiPlatform } from '../../storage/repositories/lti.ts';
import { nowIso, type Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import type { SignMany } from '../issuance/issue-awards.ts';
import { awardQualified, type AwardRun } from './award-learners.ts';
import { readingsOf } from './award-rules.ts';
import { isChecking } from './placement-view.ts';
import { courseMembers, lineItem, lineItemResults, LtiServiceError, serviceProblem, type Result } from './services.ts';

export const LTI_CHECK_QUEUE = 'lti_check';

export interface CheckPayload {
  readonly placementId: string;
}

/**
 * Queues a read of the placement's results (the worker runs it); the page shows it under way until it
 * ends. One under way is not asked for twice, unless `force` (a new rule: the read under way has the old one).
 */
export async function requestResultsCheck(deps: Deps, placementId: string, opts: { force?: boolean } = {}): Promise<void> {
  const at = nowIso(deps);
  const r = repos(deps.db);
  const placement = await r.ltiPlacements.findById(placementId);
  if (!placement || (!opts.force && isChecking(placement, deps.clock()))) return;
  await r.ltiPlacementRules.requestCheck(placementId, at);
  await r.jobs.enqueue({ id: newId(), queue: LTI_CHECK_QUEUE, payload: { placementId } satisfies CheckPayload, at, maxAttempts: 3 });
  deps.wake();
}

/** The grade column's maximum, read only when some result does not carry its own. */
async function columnMaximum(deps: Deps, platform: LtiPlatform, placement: LtiPlacement, results: readonly Result[]): Promise<number | null> {
  if (!placement.rule.lineItemUrl || results.every((x) => x.resultMaximum !== null)) return null;
  return (await lineItem(deps, platform, { lineItemUrl: placement.rule.lineItemUrl })).scoreMaximum;
}

export type CheckOutcome = { readonly ok: true; readonly learners: number; readonly qualified: number; readonly award: AwardRun | null } | { readonly ok: false; readonly problem: string };

export async function checkPlacementResults(deps: Deps, input: { placementId: string; signMany?: SignMany }): Promise<CheckOutcome> {
  const r = repos(deps.db);
  const placement = await r.ltiPlacements.findById(input.placementId);
  const platform = placement && (await r.ltiPlatforms.findById(placement.platformId));
  if (!placement || !platform) return { ok: false, problem: 'The placement no longer exists.' };
  const fail = async (problem: string, detail: string): Promise<CheckOutcome> => {
    const at = nowIso(deps);
    await r.ltiPlacementRules.finishCheck(placement.id, { at, error: problem });
    await audit(r, { actor: SYSTEM, at, action: 'lti.results_check_failed', subjectType: 'lti_placement', subjectId: placement.id, organizationId: platform.organizationId, data: { detail: detail.slice(0, 500) } });
    return { ok: false, problem };
  };
  if (platform.status !== 'active') return fail(`Laurel is turned off for ${platform.name}.`, 'platform disabled');
  const lineItemUrl = placement.rule.lineItemUrl;
  if (placement.rule.kind === 'none' || !lineItemUrl) return fail('No award rule is set for this badge yet.', 'no rule');
  let readings;
  try {
    const [members, results] = await Promise.all([
      placement.services.membershipsUrl ? courseMembers(deps, platform, { membershipsUrl: placement.services.membershipsUrl }) : Promise.resolve(null),
      lineItemResults(deps, platform, { lineItemUrl }),
    ]);
    readings = readingsOf(placement.rule, { members, results, lineItemMaximum: await columnMaximum(deps, platform, placement, results) });
  } catch (err) {
    if (!(err instanceof LtiServiceError)) throw err;
    return fail(serviceProblem(err, platform.name), `${err.reason}: ${err.message}`);
  }
  const at = nowIso(deps);
  await r.ltiLearners.record(placement.id, readings, at);
  await r.ltiPlacementRules.finishCheck(placement.id, { at, error: null });
  const qualified = readings.filter((x) => x.qualified).length;
  await audit(r, { actor: SYSTEM, at, action: 'lti.results_checked', subjectType: 'lti_placement', subjectId: placement.id, organizationId: platform.organizationId, data: { learners: readings.length, qualified } });
  const award = placement.rule.autoIssue ? await awardQualified(deps, { placement, platform, via: 'automatic', ...(input.signMany ? { signMany: input.signMany } : {}) }) : null;
  return { ok: true, learners: readings.length, qualified, award };
}

/**
 * A student's launch: their own result, read at once (their name and email come from the launch), and
 * their badge issued when they qualify and the placement issues on its own. A platform that does not
 * answer leaves the last reading as it was: the page says what Laurel knew.
 */
export async function checkOwnResult(deps: Deps, input: { placement: LtiPlacement; platform: LtiPlatform; userId: string; email: string | null; name: string | null }): Promise<{ problem: string | null }> {
  const { placement, platform } = input;
  const lineItemUrl = placement.rule.lineItemUrl;
  if (placement.rule.kind === 'none' || !lineItemUrl) return { problem: null };
  try {
    const own = (await lineItemResults(deps, platform, { lineItemUrl, userId: input.userId })).filter((x) => x.userId === input.userId);
    const [reading] = readingsOf(placement.rule, { members: [{ userId: input.userId, email: input.email, name: input.name, roles: [], status: 'Active', isLearner: true }], results: own, lineItemMaximum: await columnMaximum(deps, platform, placement, own) });
    await repos(deps.db).ltiLearners.record(placement.id, [reading!], nowIso(deps));
    if (reading!.qualified && placement.rule.autoIssue) await awardQualified(deps, { placement, platform, via: 'automatic', userIds: [input.userId] });
    return { problem: null };
  } catch (err) {
    if (!(err instanceof LtiServiceError)) throw err;
    return { problem: serviceProblem(err, platform.name) };
  }
}

/** The hourly check: every placement that issues on its own gets a read of its results queued. */
export async function queueAutomaticChecks(deps: Deps): Promise<number> {
  const ids = await repos(deps.db).ltiPlacementRules.automatic();
  for (const id of ids) await requestResultsCheck(deps, id);
  return ids.length;
}
