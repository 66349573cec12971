// The earner's portfolio: every badge sent to any of their addresses, with accept / decline / privacy
// actions, and the badges they imported from other issuers.
import type { BadgeView, ExternalBadge } from '../../../domain/portfolio/badge-view.ts';
import { Csrf } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import type { EarnerPathway } from '../../../domain/pathways/list-pathway-progress.ts';
import { BadgeSummary } from './badge-summary.tsx';
import { PathwayProgressList } from './pathway-progress.tsx';

export function PortfolioPage({
  ctx,
  badges,
  external,
  emails,
  pathways = [],
}: {
  ctx: PageContext;
  badges: readonly BadgeView[];
  external: readonly ExternalBadge[];
  emails: number;
  pathways?: readonly EarnerPathway[];
}) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('portfolio.title')} wide>
      <h1>{t('portfolio.heading')}</h1>
      <p class="usa-intro">{t('portfolio.intro', { count: badges.length })}</p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button usa-button--outline" href={`/profiles/${ctx.actor!.userId}`}>
          {t('portfolio.action.profile')}
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/export.zip">
          {t('portfolio.action.export')}
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/import">
          {t('portfolio.action.import')}
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/learner-record">
          {t('portfolio.action.learnerRecord')}
        </a>
        <a class="usa-button usa-button--outline" href="/portfolio/emails">
          {t('portfolio.action.emails', { count: emails })}
        </a>
      </div>
      <PathwayProgressList i18n={ctx} pathways={pathways} />
      <h2>{t('portfolio.yourBadges')}</h2>
      <ul class="usa-card-group">
        {badges.map((v) => (
          <li class="usa-card tablet:grid-col-6" key={v.award.id}>
            <div class="usa-card__container">
              <div class="usa-card__body padding-top-2">
                <BadgeSummary i18n={ctx} v={v} headingLevel={3} />
              </div>
              <div class="usa-card__footer laurel-actions">
                <a class="usa-button usa-button--unstyled" href={`/badges/${v.award.id}`} aria-label={t('portfolio.card.openLabel', { badge: v.badgeClass.name })}>
                  {t('portfolio.card.open')}
                </a>
                {v.award.claimState !== 'accepted' && !v.award.revokedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/accept`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <button class="usa-button" type="submit" aria-label={t('portfolio.card.acceptLabel', { badge: v.badgeClass.name })}>
                      {t('portfolio.card.accept')}
                    </button>
                  </form>
                ) : null}
                {v.award.claimState === 'pending' && !v.award.revokedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/decline`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <button class="usa-button usa-button--outline" type="submit" aria-label={t('portfolio.card.declineLabel', { badge: v.badgeClass.name })}>
                      {t('portfolio.card.decline')}
                    </button>
                  </form>
                ) : null}
                {v.award.claimState === 'accepted' && !v.award.revokedAt && !v.award.suspendedAt ? (
                  <form method="post" action={`/portfolio/${v.award.id}/visibility`} class="display-inline">
                    <Csrf token={ctx.csrf} />
                    <input type="hidden" name="visibility" value={v.award.visibility === 'public' ? 'private' : 'public'} />
                    <button class="usa-button usa-button--outline" type="submit" aria-label={v.award.visibility === 'public' ? t('portfolio.card.makePrivateLabel', { badge: v.badgeClass.name }) : t('portfolio.card.makePublicLabel', { badge: v.badgeClass.name })}>
                      {v.award.visibility === 'public' ? t('portfolio.card.makePrivate') : t('portfolio.card.makePublic')}
                    </button>
                  </form>
                ) : null}
                <span class="usa-tag">{v.award.visibility === 'public' ? t('portfolio.card.public') : t('portfolio.card.private')}</span>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {external.length ? (
        <>
          <h2>{t('portfolio.imported.heading')}</h2>
          <ul class="usa-list">
            {external.map((e) => (
              <li key={e.id}>
                {ctx.tx('portfolio.imported.item', { b: (c) => <strong>{c}</strong>, name: e.name, issuer: e.issuerName, version: e.version, verified: e.outcome === 'verified' ? 'yes' : 'no', date: ctx.formatDate(e.createdAt, 'short') })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
