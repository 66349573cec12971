// What the pages of a placement show inside the course: to an instructor, the award rule, whether the
// results are being read, and the students by status (qualified first) a page at a time; to a student,
// the badge, what it takes, their own result and whether they hold it (and can add it to a portfolio).
import type { Award } from '../../storage/repositories/awards.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiLearner, LtiLearnerStatus } from '../../storage/repositories/lti-awards.ts';
import type { LtiPlacement } from '../../storage/repositories/lti.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { OpenFrame } from './frame-session.ts';

export type { LtiLearner, LtiLearnerStatus };

export const LEARNERS_PAGE = 50;

export interface PlacedBadge {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly criteria: string;
}

interface Common {
  readonly frame: OpenFrame;
  readonly badgeClass: PlacedBadge;
}

export interface InstructorView extends Common {
  readonly kind: 'instructor';
  readonly counts: Record<LtiLearnerStatus, number>;
  readonly learners: readonly LtiLearner[];
  readonly status: LtiLearnerStatus | null;
  readonly page: number;
  readonly pages: number;
  /** A read of the results was asked for and has not finished. */
  readonly checking: boolean;
}

export interface LearnerView extends Common {
  readonly kind: 'learner';
  readonly learner: LtiLearner | null;
  /** The live award of the badge to this student, if any (from this course or elsewhere). */
  readonly award: Award | null;
  /** Why the student's result could not be read just now (the page shows the last reading). */
  readonly problem: string | null;
}

async function placedBadge(deps: Deps, placement: LtiPlacement): Promise<PlacedBadge> {
  const bc = await repos(deps.db).badgeClasses.findById(placement.badgeClassId);
  if (!bc) throw notFound('The badge');
  return { id: bc.id, name: bc.name, description: bc.description, criteria: bc.criteria };
}

/** A read asked for this long ago and not finished has failed for good (its job gave up): the page stops waiting. */
export const CHECK_PATIENCE_MS = 10 * 60_000;

/** Whether a read of the results was asked for, recently, and has not finished. */
export function isChecking(p: LtiPlacement, now: Date): boolean {
  const asked = p.check.requestedAt;
  return asked !== null && p.check.error === null && (p.check.checkedAt === null || p.check.checkedAt < asked) && Date.parse(asked) > now.getTime() - CHECK_PATIENCE_MS;
}

export async function instructorView(deps: Deps, frame: OpenFrame, opts: { status?: string | undefined; page?: number | undefined }): Promise<InstructorView> {
  const r = repos(deps.db);
  const counts = await r.ltiLearners.counts(frame.placement.id);
  const status = opts.status && opts.status in counts ? (opts.status as LtiLearnerStatus) : null;
  const total = status ? counts[status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(total / LEARNERS_PAGE));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
  const learners = await r.ltiLearners.page(frame.placement.id, { status: status ?? undefined, limit: LEARNERS_PAGE, offset: (page - 1) * LEARNERS_PAGE });
  return { kind: 'instructor', frame, badgeClass: await placedBadge(deps, frame.placement), counts, learners, status, page, pages, checking: isChecking(frame.placement, deps.clock()) };
}

export async function learnerView(deps: Deps, frame: OpenFrame, opts: { problem?: string | null } = {}): Promise<LearnerView> {
  const r = repos(deps.db);
  const { session, placement } = frame;
  const learner = (await r.ltiLearners.find(placement.id, session.subject)) ?? null;
  const linked = learner?.awardId ? await r.awards.findById(learner.awardId) : undefined;
  const live = linked && !linked.revokedAt ? linked : session.email ? await r.awards.findLive(placement.badgeClassId, session.email, null) : undefined;
  return { kind: 'learner', frame, badgeClass: await placedBadge(deps, placement), learner, award: live ?? null, problem: opts.problem ?? null };
}
