// An award's downloads, for whoever may see its page: the credential as JSON (byte for byte as signed),
// as a VC-JWT (RS256 by default, ES256 on request) exactly as stored when the award was issued, and the
// badge image (PNG or SVG) with the stored credential baked in. An award from before migration 0015 has no
// stored JWTs: the first download signs them once with the institution's key set of that moment and
// stores them, so every later download (and every key rotation after it) serves the same bytes.
import { bakePng, bakeSvg, signJwt } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import type { Actor } from '../actor.ts';
import { currentKey, jwtSignersFor } from '../credentials/org-keys.ts';
import type { JwtAlg } from '../credentials/did.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { badgeArt } from '../issuance/badge-class-art.ts';
import type { BadgeView } from './badge-view.ts';
import { getBadgeForViewer } from './get-badge-for-viewer.ts';

export type BadgeFileFormat = 'png' | 'svg' | 'json' | 'jwt';

export async function getBadgeFile(deps: Deps, actor: Actor | null, input: { awardId: string; format: BadgeFileFormat; alg?: JwtAlg }): Promise<{ view: BadgeView; body: string | Buffer }> {
  const { view } = await getBadgeForViewer(deps, actor, { awardId: input.awardId });
  const a = view.award;
  if (input.format === 'json') return { view, body: a.credential };
  if (input.format === 'jwt') {
    const jwt = await storedJwts(deps, a);
    return { view, body: input.alg === 'ES256' ? jwt.es256 : jwt.rs256 };
  }
  const art = await badgeArt(deps, view);
  // The stored credential text is baked as it is: the image carries exactly what was signed.
  return { view, body: input.format === 'png' ? bakePng(art.png, a.credential) : bakeSvg(art.svg, a.credential) };
}

/** The award's JWTs as stored; for an award from before 0015, signed now once (the first writer wins). */
export async function storedJwts(deps: Deps, a: Award): Promise<{ rs256: string; es256: string }> {
  const r = repos(deps.db);
  const stored = await r.awards.jwts(a.id);
  if (stored) return stored;
  const org = await r.organizations.findById(a.organizationId);
  if (!org) throw notFound('The badge');
  const signers = await jwtSignersFor(deps, org, await currentKey(deps, org));
  const credential = JSON.parse(a.credential) as object;
  const [rs256, es256] = await Promise.all([signJwt({ credential, signer: signers.rs256 }), signJwt({ credential, signer: signers.es256 })]);
  if (await r.awards.storeJwts(a.id, { rs256, es256 })) return { rs256, es256 };
  const first = await r.awards.jwts(a.id);
  if (!first) throw notFound('The badge');
  return first;
}
