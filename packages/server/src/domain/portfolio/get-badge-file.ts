// An award's downloads, for whoever may see its page: the credential as JSON (byte for byte as signed),
// as a VC-JWT signed now with the institution's current key, and the badge image (PNG or SVG) with the
// stored credential baked in.
import { bakePng, bakeSvg, signJwt } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { currentKey, signerFor } from '../credentials/org-keys.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { badgeArt } from '../issuance/badge-class-art.ts';
import type { BadgeView } from './badge-view.ts';
import { getBadgeForViewer } from './get-badge-for-viewer.ts';

export type BadgeFileFormat = 'png' | 'svg' | 'json' | 'jwt';

export async function getBadgeFile(deps: Deps, actor: Actor | null, input: { awardId: string; format: BadgeFileFormat }): Promise<{ view: BadgeView; body: string | Buffer }> {
  const { view } = await getBadgeForViewer(deps, actor, { awardId: input.awardId });
  const a = view.award;
  if (input.format === 'json') return { view, body: a.credential };
  if (input.format === 'jwt') {
    const org = await repos(deps.db).organizations.findById(a.organizationId);
    if (!org) throw notFound('The badge');
    const signer = await signerFor(deps, org, await currentKey(deps, org));
    return { view, body: await signJwt({ credential: JSON.parse(a.credential), signer }) };
  }
  const art = await badgeArt(deps, view);
  // The stored credential text is baked as it is: the image carries exactly what was signed.
  return { view, body: input.format === 'png' ? bakePng(art.png, a.credential) : bakeSvg(art.svg, a.credential) };
}
