// An earner's public profile: the badges they made public.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { BadgeSummary } from './badge-summary.tsx';

export function PublicProfilePage({ ctx, name, badges }: { ctx: PageContext; name: string; badges: readonly BadgeView[]; timeZone?: string }) {
  return (
    <Page ctx={ctx} title={ctx.t('portfolio.profile.title', { name })} description={ctx.t('portfolio.profile.description', { name })}>
      <h1>{ctx.t('portfolio.profile.title', { name })}</h1>
      {badges.length === 0 ? <p>{ctx.t('portfolio.profile.none')}</p> : null}
      <ul class="usa-list usa-list--unstyled">
        {badges.map((v) => (
          <li key={v.award.id} class="margin-bottom-3">
            <a href={`/badges/${v.award.id}`}>
              <BadgeSummary i18n={ctx} v={v} headingLevel={2} />
            </a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
