// One badge in brief — image, name, institution, status, dates — as the claim page, the portfolio and
// the public profile list it.
import { AWARD_STATUS_LABELS } from '../../../domain/issuance/manage-awards.ts';
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';

export function day(iso: string | null, timeZone: string): string {
  return iso ? new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone }) : '—';
}

export function BadgeSummary({ v, timeZone, headingLevel }: { v: BadgeView; timeZone: string; headingLevel: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="grid-row grid-gap">
      <div class="grid-col-auto">
        <img src={`/programs/${v.programId}/badge.png`} alt="" width={96} height={96} />
      </div>
      <div class="grid-col">
        <H class="margin-top-0">{v.badgeClass.name}</H>
        <p class="margin-y-05">{v.organization.name}</p>
        <p class="margin-y-05">
          <span class={`usa-tag laurel-status-${v.status}`}>{AWARD_STATUS_LABELS[v.status]}</span> {v.endorsed ? <span class="usa-tag laurel-tag-endorsed">Endorsed by State Regents</span> : null}
        </p>
        <p class="margin-y-05 text-base-dark">
          Issued {day(v.award.issuedAt, timeZone)} · {v.award.expiresAt ? `Expires ${day(v.award.expiresAt, timeZone)}` : 'Does not expire'}
        </p>
      </div>
    </div>
  );
}

