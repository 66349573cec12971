// The requests an actor may see, filtered and paged: their institution's, or — for Regents staff — every
// institution's submitted ones. The request list, the review queue and GET /api/v1/requests share it.
import { repos } from '../../storage/repositories/index.ts';
import type { RequestRecord } from '../../storage/repositories/requests.ts';
import type { Page } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, validationError } from '../errors.ts';
import { isRegentsStaff, isSystemAdmin, requestListOrganizationIds } from '../policy.ts';
import { REQUEST_STATES } from '../review/workflow.ts';

/** A request in a list, with the institution that made it. */
export interface RequestListItem extends RequestRecord {
  readonly institution: { readonly id: string; readonly slug: string; readonly name: string };
}

export interface RequestListFilter {
  organization?: string | undefined;
  states?: string[] | undefined;
  endorsementRequested?: boolean | undefined;
  credentialType?: string | undefined;
  olderThanDays?: number | undefined;
  sort?: 'oldest' | 'newest' | 'updated';
  page?: number;
  perPage?: number;
}

/** Requests visible to the actor: their institution's, or — for Regents staff — every institution's submitted ones. */
export async function listRequests(deps: Deps, actor: Actor, f: RequestListFilter): Promise<Page<RequestListItem>> {
  const r = repos(deps.db);
  let organizationId: string | undefined;
  const regents = isRegentsStaff(actor) || isSystemAdmin(actor);
  if (f.organization) {
    const org = await r.organizations.findBySlug(f.organization);
    if (!org) throw validationError({ institution: `No institution has the slug “${f.organization}”.` });
    organizationId = org.id;
  }
  const mine = requestListOrganizationIds(actor);
  if (!regents) {
    if (mine.length === 0) throw forbidden('Only institution staff and Regents staff can see requests.');
    if (organizationId && !mine.includes(organizationId)) throw forbidden('You can only see your own institution’s requests.');
    organizationId ??= mine[0];
  }
  const bad = (f.states ?? []).filter((s) => !(REQUEST_STATES as readonly string[]).includes(s));
  if (bad.length) throw validationError({ state: `Unknown state: ${bad.join(', ')}.` });
  let states = f.states?.length ? f.states : undefined;
  // Drafts belong to the institution until submitted.
  const ownOrg = organizationId !== undefined && mine.includes(organizationId);
  if (!ownOrg) states = (states ?? [...REQUEST_STATES]).filter((s) => s !== 'draft');
  const [page, orgs] = await Promise.all([
    r.requests.list({
      organizationId,
      states,
      endorsementRequested: f.endorsementRequested,
      credentialType: f.credentialType,
      submittedBefore: f.olderThanDays ? new Date(deps.clock().getTime() - f.olderThanDays * 86_400_000).toISOString() : undefined,
      sort: f.sort ?? 'updated',
      page: Math.max(1, f.page ?? 1),
      perPage: Math.min(100, Math.max(1, f.perPage ?? 25)),
    }),
    r.organizations.list(),
  ]);
  const byId = new Map(orgs.map((o) => [o.id, { id: o.id, slug: o.slug, name: o.name }]));
  return { ...page, items: page.items.map((q) => ({ ...q, institution: byId.get(q.organizationId) ?? { id: q.organizationId, slug: '', name: '' } })) };
}
