// The review page for State Regents staff: the queue, the Chancellor's recommendations (each with who
// recommended which way and why), the programs due for re-review, and the decided requests.
import { repos } from '../../storage/repositories/index.ts';
import type { Page } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { isRegentsStaff, isSystemAdmin } from '../policy.ts';
import { listRequests, type RequestListItem } from '../programs/list-requests.ts';
import { requestStats, type RequestStats } from './queues.ts';
import { programsDueForRereview } from './rereview.ts';

export type ReviewTab = 'queue' | 'recommendations' | 'rereview' | 'decided';

export interface ReviewQueueInput {
  readonly tab: ReviewTab;
  readonly institution?: string | undefined;
  readonly credentialType?: string | undefined;
  readonly endorsement?: string | undefined;
  readonly age?: string | undefined;
  readonly state?: string | undefined;
  readonly page: number;
}

export interface Recommendation {
  readonly by: string;
  readonly toward: 'approval' | 'denial';
  readonly comment: string | null;
}

export interface DueProgram {
  readonly programId: string;
  readonly institutionName: string | undefined;
  readonly dueAt: string | null;
  /** The request that made the live revision, to link to. */
  readonly request: { readonly id: string; readonly title: string } | undefined;
}

export interface ReviewQueue {
  readonly institutions: { readonly slug: string; readonly name: string }[];
  readonly stats: RequestStats;
  /** null on the re-review tab. */
  readonly result: Page<RequestListItem> | null;
  readonly recommendations: Map<string, Recommendation>;
  readonly due: DueProgram[];
  readonly canDecide: boolean;
}

const TAB_STATES: Record<Exclude<ReviewTab, 'rereview'>, string[]> = {
  queue: ['submitted', 'resubmitted', 'in_review', 'changes_requested'],
  recommendations: ['recommended_approve', 'recommended_deny'],
  decided: ['approved', 'listed', 'denied', 'rejected'],
};

export async function getReviewQueue(deps: Deps, actor: Actor, input: ReviewQueueInput): Promise<ReviewQueue> {
  if (!isRegentsStaff(actor) && !isSystemAdmin(actor)) throw forbidden('The review queue is for State Regents staff.');
  const r = repos(deps.db);
  const orgs = await r.organizations.list({ kind: 'institution' });
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const stats = await requestStats(deps);
  const canDecide = actor.kind === 'user' && actor.memberships.some((m) => m.role === 'chancellor');
  const institutions = orgs.map((o) => ({ slug: o.slug, name: o.name }));
  if (input.tab === 'rereview') {
    const due = await Promise.all(
      (await programsDueForRereview(deps)).map(async (p) => {
        const req = (await r.requests.forProgram(p.id)).filter((x) => x.revisionId === p.liveRevisionId).at(-1);
        return { programId: p.id, institutionName: orgNames.get(p.organizationId), dueAt: p.rereviewDueAt, request: req && { id: req.id, title: req.title } };
      }),
    );
    return { institutions, stats, result: null, recommendations: new Map(), due, canDecide };
  }
  const states = TAB_STATES[input.tab];
  const olderThan = input.age ? Number(input.age) : undefined;
  const result = await listRequests(deps, actor, {
    organization: input.institution || undefined,
    states: input.state && states.includes(input.state) ? [input.state] : states,
    endorsementRequested: input.endorsement === 'requested' ? true : input.endorsement === 'listing' ? false : undefined,
    credentialType: input.credentialType || undefined,
    olderThanDays: olderThan && Number.isFinite(olderThan) ? olderThan : undefined,
    sort: input.tab === 'decided' ? 'updated' : 'oldest',
    page: input.page,
    perPage: 25,
  });
  // For the Chancellor: each request's recommendation (who, which way, why) beside the decision buttons.
  const recommendations = new Map<string, Recommendation>();
  if (input.tab === 'recommendations') {
    for (const item of result.items) {
      const ev = (await r.requestEvents.listForRequest(item.id)).filter((e) => e.action === 'recommend_approve' || e.action === 'recommend_deny').at(-1);
      if (ev) recommendations.set(item.id, { by: ev.actorName ?? 'Regents staff', toward: ev.action === 'recommend_approve' ? 'approval' : 'denial', comment: ev.comment });
    }
  }
  return { institutions, stats, result, recommendations, due: [], canDecide };
}
