// "Milestones awaiting approval": for each institution the actor issues for, the earners who completed a
// pathway whose milestone badge is issued on approval, with the components that earned it.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { listIssuingOrganizations } from '../issuance/list-issuing-organizations.ts';
import type { Organization } from '../issuance/types.ts';
import type { Pathway, PathwayMilestone } from './types.ts';

export interface PendingComponent {
  readonly awardId: string;
  readonly name: string;
  readonly programId: string;
  readonly organizationName: string;
  readonly issuedAt: string;
}

export interface PendingMilestone {
  readonly milestone: PathwayMilestone;
  readonly pathway: Pathway;
  readonly badgeClassName: string;
  readonly earner: { readonly name: string; readonly email: string };
  readonly components: readonly PendingComponent[];
}

export interface PendingMilestoneSection {
  readonly organization: Organization;
  readonly pending: readonly PendingMilestone[];
}

export async function listPendingMilestones(deps: Deps, actor: Actor): Promise<PendingMilestoneSection[]> {
  const orgs = await listIssuingOrganizations(deps, actor);
  const r = repos(deps.db);
  const sections: PendingMilestoneSection[] = [];
  for (const organization of orgs) {
    const rows = await r.pathwayMilestones.listForOrganization(organization.id, ['pending_approval']);
    const pending: PendingMilestone[] = [];
    for (const m of rows) {
      const [pathway, user] = [await r.pathways.get(m.pathwayId), await r.users.findById(m.userId)];
      if (!pathway || !user) continue;
      const badgeClass = pathway.milestoneBadgeClassId ? await r.badgeClasses.findById(pathway.milestoneBadgeClassId) : undefined;
      pending.push({ milestone: m, pathway, badgeClassName: badgeClass?.name ?? pathway.name, earner: { name: user.name, email: user.email }, components: await componentsOf(deps, m.componentAwardIds) });
    }
    sections.push({ organization, pending });
  }
  return sections;
}

async function componentsOf(deps: Deps, awardIds: readonly string[]): Promise<PendingComponent[]> {
  const r = repos(deps.db);
  const out: PendingComponent[] = [];
  for (const a of await r.awards.findByIds(awardIds)) {
    const bc = await r.badgeClasses.findById(a.badgeClassId);
    const org = await r.organizations.findById(a.organizationId);
    out.push({ awardId: a.id, name: bc?.name ?? 'Badge', programId: bc?.programId ?? '', organizationName: org?.name ?? '', issuedAt: a.issuedAt });
  }
  return out;
}
