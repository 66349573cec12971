// The institution's request list: its requests grouped by who they wait on, with counts. Only the
// institutions where the actor authors requests or issues badges are offered.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { authoringOrganizationIds, requestListOrganizationIds } from '../policy.ts';
import { requestStats, type RequestStats } from '../review/queues.ts';
import type { InstitutionRef } from './list-authoring-institutions.ts';
import { listRequests, type RequestListItem } from './list-requests.ts';


const GROUPS: { id: string; label: string; states: string[] }[] = [
  { id: 'yours', label: 'Waiting on your institution', states: ['draft', 'changes_requested'] },
  { id: 'regents', label: 'With the State Regents', states: ['submitted', 'in_review', 'resubmitted', 'recommended_approve', 'recommended_deny'] },
  { id: 'decided', label: 'Decided', states: ['approved', 'listed', 'denied', 'rejected', 'withdrawn'] },
];

export interface InstitutionRequests {
  /** The institutions the actor may switch between. */
  readonly institutions: InstitutionRef[];
  /** The one shown; null when the actor has no institution role. */
  readonly current: InstitutionRef | null;
  readonly groups: { id: string; label: string; items: RequestListItem[] }[];
  readonly stats: RequestStats | null;
  readonly canStart: boolean;
}

export async function getInstitutionRequests(deps: Deps, actor: Actor, input: { institution?: string | undefined }): Promise<InstitutionRequests> {
  const mine = requestListOrganizationIds(actor);
  const orgs = (await repos(deps.db).organizations.list({ kind: 'institution' })).filter((o) => mine.includes(o.id)).map((o) => ({ id: o.id, slug: o.slug, name: o.name }));
  const current = orgs.find((o) => o.slug === input.institution) ?? orgs[0] ?? null;
  if (!current) return { institutions: [], current: null, groups: [], stats: null, canStart: false };
  const groups = await Promise.all(GROUPS.map(async (g) => ({ ...g, items: (await listRequests(deps, actor, { organization: current.slug, states: g.states, perPage: 100, sort: 'updated' })).items })));
  return { institutions: orgs, current, groups, stats: await requestStats(deps, current.id), canStart: authoringOrganizationIds(actor).includes(current.id) };
}

