// The review page for State Regents staff: tabs for the queue, the Chancellor's recommendations (with
// the decision buttons), the programs due for re-review and the decided requests.
import { CREDENTIAL_TYPES } from '../../../domain/programs/form.ts';
import type { RequestListItem } from '../../../domain/programs/list-requests.ts';
import type { Recommendation, ReviewQueue, ReviewTab } from '../../../domain/review/get-review-queue.ts';
import { Button, Csrf, formatDate, Pagination, Select, TextArea } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { RequestTable, StatsLine } from './request-table.tsx';

export type ReviewFilters = Partial<Record<'institution' | 'type' | 'endorsement' | 'age' | 'state', string>>;

const TABS: [ReviewTab, string][] = [
  ['queue', 'Review queue'],
  ['recommendations', 'Recommendations for the Chancellor'],
  ['rereview', 'Due for re-review'],
  ['decided', 'Decided'],
];

function RecommendationCards({ items, recs, csrf, canDecide }: { items: RequestListItem[]; recs: Map<string, Recommendation>; csrf: string; canDecide: boolean }) {
  return (
    <ul class="usa-card-group">
      {items.map((q) => {
        const rec = recs.get(q.id);
        return (
          <li class="usa-card tablet:grid-col-12" key={q.id}>
            <div class="usa-card__container">
              <div class="usa-card__header">
                <h2 class="usa-card__heading">
                  <a href={`/requests/${q.id}`}>{q.title}</a>
                </h2>
                <p class="margin-0">
                  {q.institution.name} · submitted {formatDate(q.submittedAt)}
                </p>
              </div>
              <div class="usa-card__body">
                <p>
                  <strong>{rec ? `${rec.by} recommends ${rec.toward}.` : 'Recommendation pending.'}</strong>
                  {rec?.comment ? ` “${rec.comment}”` : ''}
                </p>
                {canDecide ? (
                  <form class="usa-form laurel-wide-form" method="post" action={`/requests/${q.id}/transition`}>
                    <Csrf token={csrf} />
                    <input type="hidden" name="_version" value={String(q.version)} />
                    <input type="hidden" name="_return" value="/review?tab=recommendations" />
                    <TextArea name={`comment-decision-${q.id}`} label="Comment (required to deny)" rows={2} />
                    <div class="laurel-actions">
                      <button class="usa-button" type="submit" name="action" value="approve">
                        Approve<span class="usa-sr-only"> {q.title}</span>
                      </button>
                      <button class="usa-button usa-button--outline" type="submit" name="action" value="deny">
                        Deny<span class="usa-sr-only"> {q.title}</span>
                      </button>
                    </div>
                  </form>
                ) : null}
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function DueList({ due }: { due: ReviewQueue['due'] }) {
  if (due.length === 0) return <p>No program is due for re-review in the coming weeks.</p>;
  return (
    <ul class="usa-list">
      {due.map((p) => (
        <li key={p.programId}>
          {p.request ? <a href={`/requests/${p.request.id}`}>{p.request.title}</a> : p.programId} — {p.institutionName}, due {formatDate(p.dueAt)}
        </li>
      ))}
    </ul>
  );
}

function FilterForm({ tab, filters, institutions }: { tab: ReviewTab; filters: ReviewFilters; institutions: ReviewQueue['institutions'] }) {
  return (
    <form class="usa-form laurel-filter margin-bottom-3" method="get" action="/review" role="search" aria-label="Filter requests">
      <input type="hidden" name="tab" value={tab} />
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-3">
          <Select name="institution" label="Institution" value={filters.institution} options={institutions.map((o) => [o.slug, o.name] as const)} emptyLabel="All" />
        </div>
        <div class="tablet:grid-col-3">
          <Select name="type" label="Credential type" value={filters.type} options={Object.entries(CREDENTIAL_TYPES)} emptyLabel="Any" />
        </div>
        <div class="tablet:grid-col-3">
          <Select name="endorsement" label="Endorsement" value={filters.endorsement} options={[['requested', 'Endorsement requested'], ['listing', 'Listing only']]} emptyLabel="Any" />
        </div>
        <div class="tablet:grid-col-3">
          <Select name="age" label="Submitted" value={filters.age} options={[['7', 'More than a week ago'], ['30', 'More than 30 days ago'], ['90', 'More than 90 days ago']]} emptyLabel="Any time" />
        </div>
      </div>
      <Button variant="outline">Filter</Button>
    </form>
  );
}

export function ReviewPage({ ctx, tab, filters, queue }: { ctx: PageContext; tab: ReviewTab; filters: ReviewFilters; queue: ReviewQueue }) {
  const qs = (p: number) => {
    const s = new URLSearchParams();
    const all: Record<string, string | undefined> = { tab, ...filters };
    for (const k of ['tab', 'institution', 'type', 'endorsement', 'age', 'state']) if (all[k]) s.set(k, all[k]!);
    if (p > 1) s.set('page', String(p));
    return `/review?${s.toString()}`;
  };
  const result = queue.result;
  return (
    <Page ctx={ctx} title="Review" wide>
      <h1>Review</h1>
      <p>
        Pathways that cross institutions are reviewed too: <a href="/pathways/review">pathways waiting for review</a>.
      </p>
      <StatsLine byState={queue.stats.byState} median={queue.stats.medianDaysToDecision} />
      <nav aria-label="Review lists" class="margin-bottom-3">
        <ul class="usa-button-group usa-button-group--segmented">
          {TABS.map(([id, label]) => (
            <li class="usa-button-group__item" key={id}>
              <a class={`usa-button${tab === id ? '' : ' usa-button--outline'}`} href={`/review?tab=${id}`} aria-current={tab === id ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {!result ? (
        <DueList due={queue.due} />
      ) : (
        <>
          <FilterForm tab={tab} filters={filters} institutions={queue.institutions} />
          <p aria-live="polite">{result.total === 0 ? 'Nothing is waiting here.' : `${result.total} request${result.total === 1 ? '' : 's'}, oldest first.`}</p>
          {result.total > 0 && tab === 'recommendations' ? (
            <RecommendationCards items={result.items} recs={queue.recommendations} csrf={ctx.csrf} canDecide={queue.canDecide} />
          ) : result.total > 0 ? (
            <RequestTable items={result.items} caption="Requests" showInstitution />
          ) : null}
          <Pagination page={result.page} perPage={result.perPage} total={result.total} href={qs} />
        </>
      )}
    </Page>
  );
}
