// What earns a placed badge: a result of at least a threshold (a percentage of the grade column's
// maximum), or completion — any graded result in the column (AGS exposes results, not the platform's own
// "activity completed" flag; a complete/incomplete assignment is graded full or zero, so "score 100%" is
// its completion). The instructor of the course sets the rule inside the platform's frame: the grade
// column is one of the course's line items, read from the platform, never a typed address.
import type { LtiAwardRule, LtiPlacement } from '../../storage/repositories/lti.ts';
import type { LearnerReading } from '../../storage/repositories/lti-awards.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { validationError } from '../errors.ts';
import type { OpenFrame } from './frame-session.ts';
import { courseLineItems, LtiServiceError, serviceProblem, type LineItem, type Member, type Result } from './services.ts';

export function formatScore(score: number | null, maximum: number | null): string {
  if (score === null) return 'no result yet';
  const round = (n: number) => (Math.round(n * 100) / 100).toString();
  if (!maximum || maximum <= 0) return round(score);
  return `${round(score)} of ${round(maximum)} (${Math.round((score / maximum) * 1000) / 10}%)`;
}

/** Whether a result meets the rule. `maximum` is the result's, or the line item's when the result gives none. */
export function meetsRule(rule: Pick<LtiAwardRule, 'kind' | 'threshold'>, score: number | null, maximum: number | null): boolean {
  if (rule.kind === 'none' || score === null) return false;
  if (rule.kind === 'completion') return true;
  if (!maximum || maximum <= 0 || rule.threshold === null) return false;
  // A hair of tolerance: 80 of 100 is 80% even where the platform stores 79.99999.
  return (score / maximum) * 100 >= rule.threshold - 1e-6;
}

/** The course's students with their results: the roster's active learners, or (without a roster) whoever has a result. */
export function readingsOf(rule: LtiAwardRule, input: { members: readonly Member[] | null; results: readonly Result[]; lineItemMaximum: number | null }): LearnerReading[] {
  const byUser = new Map(input.results.map((x) => [x.userId, x]));
  const people = input.members
    ? input.members.filter((m) => m.isLearner && m.status === 'Active').map((m) => ({ userId: m.userId, email: m.email?.toLowerCase() ?? null, name: m.name }))
    : input.results.map((x) => ({ userId: x.userId, email: null, name: null }));
  return people.map((p) => {
    const res = byUser.get(p.userId);
    const score = res?.resultScore ?? null;
    const maximum = res?.resultMaximum ?? input.lineItemMaximum;
    return { ...p, score, maximum: score === null ? null : maximum, qualified: meetsRule(rule, score, maximum) };
  });
}

export interface RuleForm {
  readonly kind: string;
  readonly threshold: string;
  readonly lineItem: string;
  readonly autoIssue: boolean;
}

/** The course's grade columns for the rule form: the link's own first, or why they cannot be read. */
export async function gradeColumns(deps: Deps, frame: OpenFrame): Promise<{ items: LineItem[]; problem: string | null }> {
  const { placement, platform } = frame;
  if (!placement.services.lineItemsUrl) {
    return { items: [], problem: `${platform.name} did not offer Laurel this course's grades (Assignment and Grade Services). Its administrator can turn them on in Laurel's registration there; until then the badge is issued from Laurel's own pages.` };
  }
  try {
    const items = await courseLineItems(deps, platform, { lineItemsUrl: placement.services.lineItemsUrl });
    const own = placement.resourceLinkId;
    return { items: [...items].sort((a, b) => Number(b.resourceLinkId === own) - Number(a.resourceLinkId === own) || a.label.localeCompare(b.label)), problem: items.length ? null : `${placement.contextTitle} has no grade columns yet. Add a graded assignment or activity, then come back.` };
  } catch (err) {
    if (err instanceof LtiServiceError) return { items: [], problem: serviceProblem(err, platform.name) };
    throw err;
  }
}

/** Saves the instructor's rule; the caller then reads the results. Field errors keep what was typed. */
export async function saveAwardRule(deps: Deps, frame: OpenFrame, form: RuleForm, ip: string | null): Promise<LtiPlacement> {
  const errors: Record<string, string> = {};
  const kind: 'score' | 'completion' | null = form.kind === 'score' || form.kind === 'completion' ? form.kind : null;
  if (!kind) errors.kind = 'Choose what earns the badge.';
  let threshold: number | null = null;
  if (kind === 'score') {
    const n = Number(form.threshold.trim().replace(/%$/, ''));
    if (!form.threshold.trim() || !Number.isFinite(n) || n <= 0 || n > 100) errors.threshold = 'Enter a percentage from 1 to 100, such as 80.';
    else threshold = Math.round(n * 100) / 100;
  }
  const columns = await gradeColumns(deps, frame);
  const item = columns.items.find((i) => i.id === form.lineItem);
  if (!item) errors.lineItem = columns.problem ?? 'Choose the grade column the badge is earned in.';
  if (Object.keys(errors).length || !kind || !item) throw validationError(errors, 'The rule was not saved. Correct the fields marked below.');
  const at = nowIso(deps);
  const rule: LtiAwardRule = { kind, threshold, lineItemUrl: item.id, lineItemLabel: item.label.slice(0, 300), autoIssue: form.autoIssue, updatedBy: frame.session.name ?? frame.session.subject };
  await inTransaction(deps, async (tr) => {
    await tr.ltiPlacementRules.setRule(frame.placement.id, rule, at);
    await audit(tr, { actor: SYSTEM, at, ip, action: 'lti.award_rule_saved', subjectType: 'lti_placement', subjectId: frame.placement.id, organizationId: frame.platform.organizationId, data: { kind, threshold, lineItem: item.id, lineItemLabel: rule.lineItemLabel, autoIssue: form.autoIssue, instructor: frame.session.subject, instructorName: frame.session.name } });
  });
  return { ...frame.placement, rule };
}
