// The staff's pathway pages: the list per institution (status, review, empty state), a pathway's own
// page (its graph, the Regents' comment, publish / archive / delete), and the confirmation pages.
import type { InstitutionPathways } from '../../../domain/pathways/list-pathways.ts';
import type { PathwayDetail } from '../../../domain/pathways/get-pathway.ts';
import type { PathwayView } from '../../../domain/pathways/views.ts';
import { MILESTONE_MODES } from '../../../domain/pathways/form.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { PathwayGraph } from '../../components/pathway-graph.tsx';
import { Alert, ConfirmForm, Csrf, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const STATUS_LABELS = { draft: 'Draft', published: 'Published', archived: 'Archived' } as const;
const REVIEW_LABELS = { not_required: 'Not needed', pending: 'Waiting for the Regents', accepted: 'Accepted by the Regents', changes_requested: 'Changes requested' } as const;

export function StatusTag({ status }: { status: keyof typeof STATUS_LABELS }) {
  return <span class={`usa-tag${status === 'published' ? ' bg-green' : status === 'archived' ? ' bg-base-dark' : ''}`}>{STATUS_LABELS[status]}</span>;
}

export function reviewLabel(v: PathwayView): string {
  return v.pathway.crossesInstitutions || v.pathway.reviewState !== 'not_required' ? REVIEW_LABELS[v.pathway.reviewState] : 'Not needed (one institution)';
}

export function PathwayListPage({ ctx, groups, canReview }: { ctx: PageContext; groups: readonly InstitutionPathways[]; canReview: boolean }) {
  return (
    <Page ctx={ctx} title="Pathways">
      <h1>Pathways</h1>
      <p class="usa-intro">How programs stack: components at any institution leading to a certificate or degree, with the rule for completing it.</p>
      {canReview ? (
        <p>
          <a href="/pathways/review">Pathways waiting for the Regents’ review</a>
        </p>
      ) : null}
      {groups.map((g) => (
        <section key={g.institution.id} aria-labelledby={`inst-${g.institution.slug}`} class="margin-top-4">
          <h2 id={`inst-${g.institution.slug}`}>{g.institution.name}</h2>
          <a class="usa-button" href={`/pathways/manage/new?institution=${encodeURIComponent(g.institution.slug)}`}>
            New pathway<span class="usa-sr-only"> of {g.institution.name}</span>
          </a>
          {g.pathways.length === 0 ? (
            <p>No pathways yet. Start one to show how {g.institution.name}’s programs stack into certificates and degrees.</p>
          ) : (
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Pathways of {g.institution.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Pathway</th>
                  <th scope="col">Leads to</th>
                  <th scope="col">Components</th>
                  <th scope="col">Status</th>
                  <th scope="col">Regents’ review</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {g.pathways.map((v) => (
                  <tr key={v.pathway.id}>
                    <th scope="row">
                      <a href={`/pathways/manage/${v.pathway.id}`}>{v.pathway.name}</a>
                    </th>
                    <td>{v.destination.name}</td>
                    <td>{v.components.length}</td>
                    <td>
                      <StatusTag status={v.pathway.status} />
                    </td>
                    <td>{reviewLabel(v)}</td>
                    <td>{formatDate(v.pathway.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </Page>
  );
}

function Actions({ ctx, d }: { ctx: PageContext; d: PathwayDetail }) {
  const p = d.pathway;
  const base = `/pathways/manage/${p.id}`;
  const post = (path: string, label: string, variant?: 'outline' | 'secondary') => (
    <form method="post" action={`${base}/${path}`} class="display-inline-block margin-right-1">
      <Csrf token={ctx.csrf} />
      <input type="hidden" name="_version" value={String(p.version)} />
      <button type="submit" class={`usa-button${variant ? ` usa-button--${variant}` : ''}`}>
        {label}
      </button>
    </form>
  );
  return (
    <section aria-labelledby="actions-heading" class="margin-top-4">
      <h2 id="actions-heading">Actions</h2>
      <a class="usa-button usa-button--outline margin-right-1" href={`${base}/edit`}>
        Edit
      </a>
      {p.status !== 'published' && p.reviewState !== 'pending' ? post('publish', p.crossesInstitutions ? 'Send to the Regents for review' : 'Publish') : null}
      {p.status !== 'archived' ? post('archive', 'Archive', 'outline') : null}
      {p.status === 'draft' && p.publishedAt === null ? (
        <a class="usa-button usa-button--secondary" href={`${base}/delete`}>
          Delete draft…
        </a>
      ) : null}
    </section>
  );
}

export function PathwayStaffPage({ ctx, d }: { ctx: PageContext; d: PathwayDetail }) {
  const p = d.pathway;
  return (
    <Page ctx={ctx} title={p.name}>
      <Breadcrumbs trail={[{ label: 'Pathways', href: '/pathways/manage' }]} current={p.name} />
      <h1>{p.name}</h1>
      <p>
        <StatusTag status={p.status} /> {d.owner.name} · Regents’ review: {reviewLabel(d)} · version {p.version}
        {p.status === 'published' ? (
          <>
            {' '}
            · <a href={`/pathways/${p.id}`}>Public page</a>
          </>
        ) : null}
      </p>
      {p.reviewState === 'changes_requested' && p.reviewComment ? (
        <Alert kind="warning" heading="The Regents asked for changes">
          <p class="laurel-prewrap">{p.reviewComment}</p>
          <p>Edit the pathway, then send it for review again.</p>
        </Alert>
      ) : null}
      {p.reviewState === 'pending' ? <Alert kind="info">Waiting for the Regents’ review. It is public once a reviewer accepts it.</Alert> : null}
      <p>{p.description}</p>
      <PathwayGraph view={d} link={false} />
      <p>
        Milestone badge: {d.milestoneBadgeName ? `${d.milestoneBadgeName} — ${MILESTONE_MODES[p.milestoneMode ?? 'automatic'].toLowerCase()}` : 'none'}.
      </p>
      {d.canEdit ? <Actions ctx={ctx} d={d} /> : null}
      {d.canReview ? (
        <p>
          <a href="/pathways/review">Decide on it in the review queue</a>
        </p>
      ) : null}
    </Page>
  );
}

export function DeletePathwayPage({ ctx, d }: { ctx: PageContext; d: PathwayDetail }) {
  const base = `/pathways/manage/${d.pathway.id}`;
  return (
    <Page ctx={ctx} title={`Delete ${d.pathway.name}?`}>
      <Breadcrumbs trail={[{ label: 'Pathways', href: '/pathways/manage' }, { label: d.pathway.name, href: base }]} current="Delete" />
      <h1>Delete {d.pathway.name}?</h1>
      <p>The draft and its components are removed. This cannot be undone.</p>
      <ConfirmForm csrf={ctx.csrf} action={`${base}/delete`} cancel={base} label="Delete draft" variant="secondary">
        <input type="hidden" name="_version" value={String(d.pathway.version)} />
      </ConfirmForm>
    </Page>
  );
}
