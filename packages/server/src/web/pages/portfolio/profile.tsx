// An earner's public profile: the badges they made public.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { BadgeSummary } from './badge-summary.tsx';

export function PublicProfilePage({ ctx, name, badges, timeZone }: { ctx: PageContext; name: string; badges: readonly BadgeView[]; timeZone: string }) {
  return (
    <Page ctx={ctx} title={`${name}’s badges`} description={`Public digital badges of ${name}.`}>
      <h1>{name}’s badges</h1>
      {badges.length === 0 ? <p>No public badges.</p> : null}
      <ul class="usa-list usa-list--unstyled">
        {badges.map((v) => (
          <li key={v.award.id} class="margin-bottom-3">
            <a href={`/badges/${v.award.id}`}>
              <BadgeSummary v={v} timeZone={timeZone} headingLevel={2} />
            </a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
