// One badge in brief — image, name, institution, status, dates — as the claim page, the portfolio and
// the public profile list it.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import { msgKey, type Translator } from '../../../shared/i18n/translator.ts';

/** An award's status in the page's language (the same words as AWARD_STATUS_LABELS in English). */
export const AWARD_STATUS_KEYS = {
  revoked: msgKey('badge.status.revoked'),
  suspended: msgKey('badge.status.suspended'),
  expired: msgKey('badge.status.expired'),
  pending: msgKey('badge.status.pending'),
  accepted: msgKey('badge.status.accepted'),
  declined: msgKey('badge.status.declined'),
} as const;

export function BadgeSummary({ i18n, v, headingLevel }: { i18n: Translator; v: BadgeView; headingLevel: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const { t } = i18n;
  const day = (iso: string) => i18n.formatDate(iso, 'short');
  return (
    <div class="grid-row grid-gap">
      <div class="grid-col-auto">
        <img src={`/programs/${v.programId}/badge.png`} alt="" width={96} height={96} />
      </div>
      <div class="grid-col">
        <H class="margin-top-0">{v.badgeClass.name}</H>
        <p class="margin-y-05">{v.organization.name}</p>
        <p class="margin-y-05">
          <span class={`usa-tag laurel-status-${v.status}`}>{t(AWARD_STATUS_KEYS[v.status])}</span> {v.endorsed ? <span class="usa-tag laurel-tag-endorsed">{t('badge.endorsed')}</span> : null}
        </p>
        <p class="margin-y-05 text-base-dark">
          {t('portfolio.issuedOn', { date: day(v.award.issuedAt) })} · {v.award.expiresAt ? t('portfolio.expiresOn', { date: day(v.award.expiresAt) }) : t('badge.doesNotExpire')}
        </p>
      </div>
    </div>
  );
}

