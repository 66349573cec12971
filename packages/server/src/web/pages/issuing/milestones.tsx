// "Milestones awaiting approval": per institution, the earners who completed a pathway whose milestone
// badge is issued on approval, the components that earned it (with links), approve, and dismiss behind
// a confirmation page.
import type { PendingMilestone, PendingMilestoneSection } from '../../../domain/pathways/list-pending-milestones.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Button, Csrf, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const path = (m: PendingMilestone, action: string) => `/issuing/milestones/${encodeURIComponent(m.milestone.pathwayId)}/${encodeURIComponent(m.milestone.userId)}/${action}`;

function columns(csrf: string): Column<PendingMilestone>[] {
  return [
    {
      key: 'earner',
      header: 'Earner',
      cell: (m) => (
        <>
          {m.earner.name}
          <br />
          <span class="text-base-dark">{m.earner.email}</span>
        </>
      ),
    },
    { key: 'pathway', header: 'Pathway and milestone badge', cell: (m) => <>{m.pathway.name}: {m.badgeClassName}</> },
    {
      key: 'components',
      header: 'Components earned',
      cell: (m) => (
        <ul class="usa-list margin-0">
          {m.components.map((c) => (
            <li key={c.awardId}>
              <a href={`/programs/${c.programId}`}>{c.name}</a> ({c.organizationName}, {formatDate(c.issuedAt)})
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'completed', header: 'Completed', cell: (m) => formatDate(m.milestone.createdAt) },
    {
      key: 'decide',
      header: 'Decision',
      class: 'laurel-nowrap',
      cell: (m) => (
        <>
          <form method="post" action={path(m, 'approve')} class="display-inline">
            <Csrf token={csrf} />
            <button class="usa-button" type="submit" aria-label={`Approve ${m.badgeClassName} for ${m.earner.name}`}>
              Approve
            </button>
          </form>{' '}
          <a class="usa-button usa-button--outline" href={path(m, 'dismiss')} aria-label={`Dismiss ${m.badgeClassName} for ${m.earner.name}`}>
            Dismiss
          </a>
        </>
      ),
    },
  ];
}

export function PendingMilestonesPage({ ctx, sections }: { ctx: PageContext; sections: readonly PendingMilestoneSection[] }) {
  return (
    <Page ctx={ctx} title="Milestones awaiting approval" wide>
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }]} current="Milestones awaiting approval" />
      <h1>Milestones awaiting approval</h1>
      <p class="usa-intro">Earners who hold every component a pathway asks for. Approving issues the milestone badge at once; dismissing is final for that earner and pathway.</p>
      {sections.map(({ organization: org, pending }) => (
        <section aria-labelledby={`milestones-${org.slug}`} class="margin-bottom-5" key={org.id}>
          <h2 id={`milestones-${org.slug}`}>{org.name}</h2>
          <DataTable
            caption={`Milestones of ${org.name} awaiting approval`}
            label={`Milestones of ${org.name}`}
            columns={columns(ctx.csrf)}
            rows={pending}
            rowKey={(m) => `${m.milestone.pathwayId}/${m.milestone.userId}`}
            empty={<p>No milestone is waiting for approval.</p>}
          />
        </section>
      ))}
    </Page>
  );
}

export function DismissMilestonePage({ ctx, m }: { ctx: PageContext; m: PendingMilestone }) {
  return (
    <Page ctx={ctx} title="Dismiss this milestone">
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }, { label: 'Milestones awaiting approval', href: '/issuing/milestones' }]} current="Dismiss" />
      <h1>Dismiss this milestone</h1>
      <p class="usa-intro">
        {m.earner.name} ({m.earner.email}) completed the pathway “{m.pathway.name}”. Dismissing means the milestone badge “{m.badgeClassName}” is not issued to them for this pathway, now or later.
      </p>
      <form class="usa-form" method="post" action={path(m, 'dismiss')}>
        <Csrf token={ctx.csrf} />
        <Button variant="secondary">Dismiss the milestone</Button> <a href="/issuing/milestones">Cancel</a>
      </form>
    </Page>
  );
}
