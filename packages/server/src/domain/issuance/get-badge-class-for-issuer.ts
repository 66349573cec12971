// A badge class as its issuer sees it before issuing (the one-person form and the CSV upload page).
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { badgeClassContext, type BadgeClassContext } from './achievement.ts';
import { listIssuingOrganizations } from './list-issuing-organizations.ts';

/** Another institution's badge class answers "not found", so ids reveal nothing. */
export async function getBadgeClassForIssuer(deps: Deps, actor: Actor, badgeClassId: string): Promise<BadgeClassContext> {
  const orgs = await listIssuingOrganizations(deps, actor);
  const c = await badgeClassContext(deps, badgeClassId);
  if (!orgs.some((o) => o.id === c.organization.id)) throw notFound('The badge class');
  return c;
}
