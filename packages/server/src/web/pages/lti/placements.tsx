// The placements of one platform registration, for the institution's administrator: which course holds
// which badge, its award rule, and how many students were awarded, wait for approval, or have not yet
// qualified. Instructors manage the rule inside the course; this page only shows it.
import type { PlacementSummary } from '../../../domain/lti/list-placements.ts';
import type { LtiPlatformView } from '../../../domain/lti/platforms.ts';
import type { Organization } from '../../../domain/institutions/institutions.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ltiBase } from './platform-list.tsx';

function ruleText(p: PlacementSummary['placement']): string {
  const r = p.rule;
  if (r.kind === 'none') return 'No rule yet';
  const what = r.kind === 'completion' ? `Completing “${r.lineItemLabel}”` : `At least ${r.threshold}% in “${r.lineItemLabel}”`;
  return `${what}, ${r.autoIssue ? 'issued automatically' : 'approved by the instructor'}`;
}

export function LtiPlacementsPage({ ctx, org, platform, placements }: { ctx: PageContext; org: Organization; platform: LtiPlatformView; placements: readonly PlacementSummary[] }) {
  const base = ltiBase(org);
  const title = `Badges placed in ${platform.name}`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Learning platforms for ${org.name}`, href: base }, { label: platform.name, href: `${base}/${platform.id}` }]} current="Placements" />
      <h1>{title}</h1>
      <p>Instructors place a badge in their course and set its award rule there. Awards issued from a course are in the institution's issuing pages like every other award.</p>
      {placements.length === 0 ? (
        <p class="text-base">No badge has been placed in a course of {platform.name} yet.</p>
      ) : (
        <table class="usa-table usa-table--borderless width-full">
          <caption class="usa-sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Badge</th>
              <th scope="col">Award rule</th>
              <th scope="col">Awarded</th>
              <th scope="col">Waiting for approval</th>
              <th scope="col">Not yet</th>
              <th scope="col">Results last read</th>
            </tr>
          </thead>
          <tbody>
            {placements.map((s) => (
              <tr key={s.placement.id}>
                <th scope="row">
                  {s.placement.contextTitle}
                  <div class="text-base font-sans-3xs">Placed {formatDate(s.placement.createdAt)}{s.placement.createdByName ? ` by ${s.placement.createdByName}` : ''}</div>
                </th>
                <td>{s.badgeClassName}</td>
                <td>{ruleText(s.placement)}</td>
                <td>{s.counts.awarded + s.counts.held}</td>
                <td>{s.counts.qualified + s.counts.failed + s.counts.no_email}</td>
                <td>{s.counts.not_yet}</td>
                <td>
                  {s.placement.check.checkedAt ? formatDate(s.placement.check.checkedAt) : '—'}
                  {s.placement.check.error ? <div class="text-secondary-dark font-sans-3xs">{s.placement.check.error}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
