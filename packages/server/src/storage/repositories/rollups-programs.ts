// The reporting rollups of requests and the inventory (see rollups.ts): each request event that enters a
// review state counts in its month and ends a stage whose length is counted; each inventory entry counts
// in the program stock and once per focus area, skill and partner it names.
import { split } from '../search/facet-table.ts';
import type { Executor } from './types.ts';
import { DECISION_HOURS_CAP, Deltas } from './rollups.ts';

/** The request states the reports count (every workflow state but draft; program actions are not counted). */
export const REVIEW_STATES = ['submitted', 'in_review', 'changes_requested', 'resubmitted', 'recommended_approve', 'recommended_deny', 'approved', 'denied', 'listed', 'rejected', 'withdrawn'] as const;
const DECISIONS = ['approved', 'denied', 'listed', 'rejected'];

/** The stages timed, named by the state a request leaves and the one it enters. */
export const STAGES = ['to_review', 'review_to_recommendation', 'recommendation_to_decision', 'review_to_listing', 'overall'] as const;
export type Stage = (typeof STAGES)[number];

export function stageOf(from: string | null, to: string): Stage | undefined {
  if (to === 'in_review' && (from === 'submitted' || from === 'resubmitted')) return 'to_review';
  if (from === 'in_review' && (to === 'recommended_approve' || to === 'recommended_deny')) return 'review_to_recommendation';
  if ((from === 'recommended_approve' || from === 'recommended_deny') && (to === 'approved' || to === 'denied')) return 'recommendation_to_decision';
  if (from === 'in_review' && (to === 'listed' || to === 'rejected')) return 'review_to_listing';
  return undefined;
}

export function wholeHours(fromIso: string, toIso: string): number {
  return Math.min(DECISION_HOURS_CAP, Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 3_600_000)));
}

export interface RequestEventFacts {
  readonly at: string;
  readonly fromState: string | null;
  readonly toState: string | null;
}
export interface RequestFacts {
  readonly organizationId: string;
  readonly endorsed: boolean;
  readonly submittedAt: string | null;
}

/**
 * One event's counts: the state it entered in its month and, if it ends a stage, the stage's length from
 * `stageStart` (when the request last entered the state it leaves); a decision also ends "overall", timed
 * from the request's first submission.
 */
export function requestEventDeltas(d: Deltas, r: RequestFacts, e: RequestEventFacts, stageStart: string | undefined): void {
  if (!e.toState || e.toState === e.fromState || !(REVIEW_STATES as readonly string[]).includes(e.toState)) return;
  const path = r.endorsed ? 'endorsed' : 'listing';
  const month = e.at.slice(0, 7);
  const stage = stageOf(e.fromState, e.toState);
  for (const org of [r.organizationId, '*']) {
    d.add('report_request_months', { organization_id: org, path, month, state: e.toState }, { n: 1 });
    if (stage && stageStart) d.add('report_decision_hours', { organization_id: org, path, stage, month, hours: wholeHours(stageStart, e.at) }, { n: 1 });
    if (DECISIONS.includes(e.toState) && r.submittedAt) d.add('report_decision_hours', { organization_id: org, path, stage: 'overall', month, hours: wholeHours(r.submittedAt, e.at) }, { n: 1 });
  }
}

/** Counts a request event about to be inserted (called by the request events repository, in its transaction). */
export async function countRequestEvent(db: Executor, e: RequestEventFacts & { requestId: string }): Promise<void> {
  if (!e.toState || !(REVIEW_STATES as readonly string[]).includes(e.toState)) return;
  const req = await db.selectFrom('requests').select(['organization_id', 'endorsement_requested', 'submitted_at']).where('id', '=', e.requestId).executeTakeFirst();
  if (!req) return;
  const start = e.fromState
    ? await db.selectFrom('request_events').select((eb) => eb.fn.max('at').as('at')).where('request_id', '=', e.requestId).where('to_state', '=', e.fromState).executeTakeFirst()
    : undefined;
  const d = new Deltas();
  requestEventDeltas(d, { organizationId: req.organization_id, endorsed: Number(req.endorsement_requested) === 1, submittedAt: req.submitted_at }, e, start?.at ?? undefined);
  await d.apply(db);
}

// ---- the inventory -----------------------------------------------------------------------------------

/** What an inventory entry's rollups depend on (the list columns as stored, SEP-separated). */
export interface EntryFacts {
  readonly organization_id: string;
  readonly endorsement: string;
  readonly credential_type: string | null;
  readonly level: string | null;
  readonly focus_areas: string;
  readonly skills: string;
  readonly partners: string;
}
export const ENTRY_FACT_COLUMNS = ['organization_id', 'endorsement', 'credential_type', 'level', 'focus_areas', 'skills', 'partners'] as const;

/** A program counts once per distinct value it names. */
export function entryDeltas(d: Deltas, e: EntryFacts, sign: 1 | -1): void {
  d.add('report_program_stock', { organization_id: e.organization_id, endorsement: e.endorsement, credential_type: e.credential_type ?? '', level: e.level ?? '' }, { n: 1 }, sign);
  const lists = [['focus_area', e.focus_areas], ['skill', e.skills], ['partner', e.partners]] as const;
  for (const [kind, stored] of lists) {
    for (const value of new Set(split(stored))) {
      for (const org of [e.organization_id, '*']) d.add('report_program_values', { organization_id: org, kind, value, endorsement: e.endorsement }, { n: 1 }, sign);
    }
  }
}

/** The inventory writer's hook: the entry of `programId` before its change, then the counts moved to what it is after. */
export function entryRollups(db: Executor) {
  const read = async (programId: string): Promise<EntryFacts | undefined> => db.selectFrom('inventory_entries').select(ENTRY_FACT_COLUMNS).where('program_id', '=', programId).executeTakeFirst();
  return {
    async changed<T>(programId: string, fn: () => Promise<T>): Promise<T> {
      const before = await read(programId);
      const out = await fn();
      const after = await read(programId);
      const d = new Deltas();
      if (before) entryDeltas(d, before, -1);
      if (after) entryDeltas(d, after, 1);
      await d.apply(db);
      return out;
    },
  };
}
