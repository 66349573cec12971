// Annual (by default) re-review: programs whose re-review date is near show in a queue, and the
// institution and reviewers are emailed once per due date.
import { repos } from '../../storage/repositories/index.ts';
import type { Program } from '../../storage/repositories/programs.ts';
import { audit } from '../audit.ts';
import { SYSTEM } from '../actor.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { notifyRereviewDue } from './notifications.ts';
import { getPolicy } from './settings.ts';

export async function programsDueForRereview(deps: Deps): Promise<Program[]> {
  const policy = await getPolicy(deps);
  const horizon = new Date(deps.clock().getTime() + policy.rereview_notice_days * 86_400_000).toISOString();
  return repos(deps.db).programs.listDueForRereview(horizon);
}

/** How many programs are due (the dashboards' figure): a count over programs' (status, rereview_due_at) index. */
export async function countDueForRereview(deps: Deps, filter: { organizationId?: string; endorsement?: 'endorsed' | 'not_endorsed' } = {}): Promise<number> {
  const policy = await getPolicy(deps);
  const horizon = new Date(deps.clock().getTime() + policy.rereview_notice_days * 86_400_000).toISOString();
  return repos(deps.db).reports.rereviewsDue(horizon, filter.organizationId, filter.endorsement);
}

/** Emails each due program once (safe to run from several processes: the mark is a conditional update). */
export async function notifyDueRereviews(deps: Deps): Promise<number> {
  const due = await programsDueForRereview(deps);
  let sent = 0;
  for (const p of due) {
    if (p.rereviewNotifiedAt) continue;
    const now = nowIso(deps);
    const did = await inTransaction(deps, async (tr) => {
      if (!(await tr.programs.markRereviewNotified(p.id, now))) return false;
      const req = (await tr.requests.forProgram(p.id)).filter((q) => q.revisionId === p.liveRevisionId).at(-1);
      if (!req) return false;
      await notifyRereviewDue(tr, { config: deps.config, request: req, dueAt: p.rereviewDueAt!, at: now });
      await audit(tr, { actor: SYSTEM, at: now, action: 'program.rereview_due', subjectType: 'program', subjectId: p.id, organizationId: p.organizationId, data: { due_at: p.rereviewDueAt } });
      return true;
    });
    if (did) sent++;
  }
  if (sent) deps.wake();
  return sent;
}
