// The earner's portfolio: every badge sent to any of their addresses, with accept / decline / privacy
// actions, and the badges they imported from other issuers.
import type { BadgeView, ExternalBadge } from '../../../domain/portfolio/badge-view.ts';
import { Csrf } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import type { EarnerPathway } from '../../../domain/pathways/list-pathway-progress.ts';
import { BadgeSummary, day } from './badge-summary.tsx';
import { PathwayProgressList } from './pathway-progress.tsx';

export function PortfolioPage({
  ctx,
  badges,
  external,
  timeZone,
  emails,
  pathways = [],
}: {
  ctx: PageContext;
  badges: readonly BadgeView[];
  external: readonly ExternalBadge[];
  timeZone: string;
  emails: number;
  pathways?: readonly EarnerPathway[];
}) {
  return (
    <Page ctx={ctx} title="Portfolio" wide>
      <h1>Your portfolio</h1>
      <p class="usa-intro">
        {badges.length === 0 ? 'No badges yet.' : `${badges.length} badge${badges.length === 1 ? '' : 's'} from every institution that issued to your addresses.`} Badges are private until you make them public.
      </p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button usa-button--outline" href={`/profiles/${ctx.actor!.userId}`}>
          Your public profile
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/export.zip">
          Export all (zip)
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/import">
          Import a badge
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/learner-record">
          Learner record (CLR)
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/emails">
          Your email addresses ({emails})
        </a>
      </div>
      <PathwayProgressList pathways={pathways} />
      <h2>Your badges</h2>
      <ul class="usa-card-group">
        {badges.map((v) => (
          <li class="usa-card tablet:grid-col-6" key={v.award.id}>
            <div class="usa-card__container">
              <div class="usa-card__body padding-top-2">
                <BadgeSummary v={v} timeZone={timeZone} headingLevel={3} />
              </div>
              <div class="usa-card__footer laurel-actions">
                <a class="usa-button usa-button--unstyled" href={`/badges/${v.award.id}`} aria-label={`Open, share and download ${v.badgeClass.name}`}>
                  Open, share and download
                </a>
                {v.award.claimState !== 'accepted' && !v.award.revokedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/accept`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <button class="usa-button" type="submit" aria-label={`Accept ${v.badgeClass.name}`}>
                      Accept
                    </button>
                  </form>
                ) : null}
                {v.award.claimState === 'pending' && !v.award.revokedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/decline`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <button class="usa-button usa-button--outline" type="submit" aria-label={`Decline ${v.badgeClass.name}`}>
                      Decline
                    </button>
                  </form>
                ) : null}
                {v.award.claimState === 'accepted' && !v.award.revokedAt && !v.award.suspendedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/visibility`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <input type="hidden" name="visibility" value={v.award.visibility === 'public' ? 'private' : 'public'} />
                    <button class="usa-button usa-button--outline" type="submit" aria-label={`${v.award.visibility === 'public' ? 'Make private' : 'Make public'}: ${v.badgeClass.name}`}>
                      {v.award.visibility === 'public' ? 'Make private' : 'Make public'}
                    </button>
                  </form>
                ) : null}
                <span class="usa-tag">{v.award.visibility === 'public' ? 'Public' : 'Private'}</span>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {external.length ? (
        <>
          <h2>Imported from other issuers</h2>
          <ul class="usa-list">
            {external.map((e) => (
              <li key={e.id}>
                <strong>{e.name}</strong> from {e.issuerName} (Open Badges {e.version}, external) — {e.outcome === 'verified' ? 'verified' : 'some checks could not be completed'}, imported {day(e.createdAt, timeZone)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
