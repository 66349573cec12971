// What the earner's pages show of an award: the award with its badge class, institution, program and
// status, and which awards belong to a person (sent to their account, or to one of their confirmed
// addresses and not yet accepted by another account).
import type { Award } from '../../storage/repositories/awards.ts';
import type { BadgeClass } from '../../storage/repositories/programs.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import { nowIso, type Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { awardStatus, type AwardStatus } from '../issuance/manage-awards.ts';

export type { Award } from '../../storage/repositories/awards.ts';
/** An Open Badge from another issuer, imported into a portfolio. */
export type ExternalBadge = Awaited<ReturnType<Repos['externalBadges']['forUser']>>[number];
/** An extra address of an earner, confirmed or waiting for confirmation. */
export type EarnerEmail = Awaited<ReturnType<Repos['earnerEmails']['forUser']>>[number];

export interface BadgeView {
  readonly award: Award;
  readonly badgeClass: BadgeClass;
  readonly organization: Pick<Organization, 'id' | 'slug' | 'name' | 'website'>;
  readonly programId: string;
  readonly endorsed: boolean;
  readonly status: AwardStatus;
}

export async function badgeView(deps: Deps, award: Award): Promise<BadgeView> {
  const r = repos(deps.db);
  const [badgeClass, org] = await Promise.all([r.badgeClasses.findById(award.badgeClassId), r.organizations.findById(award.organizationId)]);
  if (!badgeClass || !org) throw notFound('The badge');
  const program = await r.programs.findById(badgeClass.programId);
  return { award, badgeClass, organization: { id: org.id, slug: org.slug, name: org.name, website: org.website }, programId: badgeClass.programId, endorsed: program?.endorsement === 'endorsed', status: awardStatus(award, nowIso(deps)) };
}

/** The addresses whose badges land in this person's portfolio: the account email and every verified extra. */
export async function earnerEmails(deps: Deps, userId: string): Promise<string[]> {
  const r = repos(deps.db);
  const user = await r.users.findById(userId);
  const extra = (await r.earnerEmails.forUser(userId)).filter((e) => e.verifiedAt).map((e) => e.email);
  return [...new Set([...(user ? [user.email] : []), ...extra])];
}

export function ownsAward(award: Award, userId: string, emails: readonly string[]): boolean {
  return award.earnerUserId === userId || (award.earnerUserId === null && emails.includes(award.recipientEmail));
}
