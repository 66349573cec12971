// The triggers of milestone badges: each queues a "pathway progress" job in the transaction of the
// change that may complete a pathway (an award accepted, an award issued to an address an account owns,
// an address verified, a pathway published), so the change and the work it calls for commit together.
// Job ids are derived from the trigger (UUIDv5) and queued `ifAbsent`: a producer retried after a crash
// queues its job once. The job decides from scratch (milestones.ts), so a job too many is harmless.
import { v5 as uuidv5 } from 'uuid';
import type { Repos } from '../../storage/repositories/index.ts';

export const PATHWAY_PROGRESS_QUEUE = 'pathway_progress';

export type PathwayProgressPayload = { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'pathway'; readonly pathwayId: string };

const JOB_NAMESPACE = '3c0b8f2e-6a41-4d7e-9b1f-7e2a5c9d0f63';

export type ProgressTrigger = 'award_accepted' | 'award_issued' | 'email_verified' | 'account_created' | 'pathway_published' | 'backfill';

/** Queues the evaluation of one earner's pathways, once per (trigger, subject, earner). */
export async function queuePathwayProgress(tr: Repos, input: { userId: string; trigger: ProgressTrigger; subjectId: string; at: string }): Promise<void> {
  const payload: PathwayProgressPayload = { kind: 'user', userId: input.userId };
  await tr.jobs.enqueue({ id: uuidv5(`${input.trigger}/${input.subjectId}/${input.userId}`, JOB_NAMESPACE), queue: PATHWAY_PROGRESS_QUEUE, payload, at: input.at, maxAttempts: 10, ifAbsent: true });
}

/**
 * Back-fill when a pathway is published (or re-published at a new version): one job finds the earners
 * who already hold its components and queues each one's evaluation.
 */
export async function queuePathwayBackfill(tr: Repos, input: { pathwayId: string; version: number; at: string }): Promise<void> {
  const payload: PathwayProgressPayload = { kind: 'pathway', pathwayId: input.pathwayId };
  await tr.jobs.enqueue({ id: uuidv5(`pathway_published/${input.pathwayId}/${input.version}`, JOB_NAMESPACE), queue: PATHWAY_PROGRESS_QUEUE, payload, at: input.at, maxAttempts: 10, ifAbsent: true });
}

/** After an award is accepted into an account: that earner, when the badge is a milestone pathway's component. */
export async function queueProgressForAcceptance(tr: Repos, input: { award: { id: string; badgeClassId: string; recipientEmail: string }; userId: string; at: string }): Promise<void> {
  const bc = await tr.badgeClasses.findById(input.award.badgeClassId);
  if (bc) await queueProgressForAwards(tr, { programId: bc.programId, awards: [{ ...input.award, earnerUserId: input.userId }], at: input.at, trigger: 'award_accepted' });
}

/**
 * After awards of one program's badge are stored: when the program is a component of a published pathway
 * with a milestone badge, queue the evaluation of every recipient whose address an account owns. The
 * first query answers "no pathway" for almost every badge, so bulk issuing pays one lookup per chunk.
 */
export async function queueProgressForAwards(
  tr: Repos,
  input: { programId: string; awards: readonly { id: string; recipientEmail: string; earnerUserId: string | null }[]; at: string; trigger?: ProgressTrigger },
): Promise<void> {
  if (input.awards.length === 0) return;
  if ((await tr.pathways.listMilestonesWithComponents([input.programId])).length === 0) return;
  const owners = await tr.pathwayHoldings.ownersOfEmails([...new Set(input.awards.map((a) => a.recipientEmail))]);
  for (const a of input.awards) {
    const userId = a.earnerUserId ?? owners.get(a.recipientEmail);
    if (userId) await queuePathwayProgress(tr, { userId, trigger: input.trigger ?? 'award_issued', subjectId: a.id, at: input.at });
  }
}
