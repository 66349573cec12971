// An award's PDF certificate, for whoever may see its page; dates in the state's time zone.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { badgeArt } from '../issuance/badge-class-art.ts';
import { AWARD_STATUS_LABELS } from '../issuance/manage-awards.ts';
import type { BadgeView } from './badge-view.ts';
import { certificatePdf, longDate } from './certificate.ts';
import { getBadgeForViewer } from './get-badge-for-viewer.ts';
import { badgeUrl } from './share.ts';

export async function getBadgeCertificate(deps: Deps, actor: Actor | null, input: { awardId: string }): Promise<{ view: BadgeView; pdf: Buffer }> {
  const { view: v } = await getBadgeForViewer(deps, actor, input);
  const cfg = deps.config;
  const art = await badgeArt(deps, v);
  const pdf = await certificatePdf({
    badgeName: v.badgeClass.name,
    earnerName: v.award.recipientName,
    institutionName: v.organization.name,
    issuedOn: longDate(v.award.issuedAt, cfg.timeZone),
    expiresOn: v.award.expiresAt ? longDate(v.award.expiresAt, cfg.timeZone) : null,
    endorsed: v.endorsed,
    status: AWARD_STATUS_LABELS[v.status],
    badgeUrl: badgeUrl(cfg, v.award.id),
    badgePng: art.png,
    credentialId: v.award.credentialId,
  });
  return { view: v, pdf };
}
