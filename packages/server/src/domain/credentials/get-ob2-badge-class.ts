// The OB 2.0 hosted BadgeClass of a badge class, rendered from the same achievement as its OB 3.0
// badges. Public.
import { renderOb2BadgeClass, type Ob2BadgeClass } from '@laurel/credentials';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { badgeClassContext, badgeImageUrl } from '../issuance/achievement.ts';
import { ob2IssuerUrl } from './get-ob2-issuer.ts';

export function ob2BadgeClassUrl(publicUrl: string, badgeClassId: string): string {
  return `${publicUrl}/ob2/badge-classes/${badgeClassId}`;
}

export async function getOb2BadgeClass(deps: Deps, _actor: Actor | null, input: { badgeClassId: string }): Promise<Ob2BadgeClass> {
  const ctx = await badgeClassContext(deps, input.badgeClassId);
  const pub = deps.config.publicUrl;
  return renderOb2BadgeClass({
    id: ob2BadgeClassUrl(pub, ctx.badgeClass.id),
    issuerId: ob2IssuerUrl(pub, ctx.organization.slug),
    achievement: ctx.achievement,
    imageUrl: badgeImageUrl(deps, ctx.programId),
  });
}
