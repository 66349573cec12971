// The request page: review-before-submit for the institution's authors, the review page for Regents
// staff — the checklist, the diff from the listed revision, the whole form, files, and the timeline.
import { diffForms, formAsText } from '../../../domain/programs/diff.ts';
import type { RequestView } from '../../../domain/programs/get-request.ts';
import { isRegentsStaff } from '../../../domain/policy.ts';
import { FINAL_STATES, type RequestState } from '../../../domain/review/workflow.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Alert, Button, Csrf, ErrorSummary, formatDate, TextArea } from '../../components/ui.tsx';
import { ChangeRequestNotice, NextStep } from './request-actions.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { Checklist, DiffTable, EndorsementTag, FieldTable, StateTag, Timeline } from './parts.tsx';
import { SECTIONS, sectionOf, StepIndicator } from './request-form.tsx';

export interface RequestPageProps {
  readonly ctx: PageContext;
  readonly view: RequestView;
  readonly errors: Record<string, string>;
  readonly message?: string | undefined;
  readonly comment?: string | undefined;
}

function MetaLine({ view }: { view: RequestView }) {
  const q = view.request;
  return (
    <p class="laurel-actions margin-top-0">
      <StateTag state={q.state} />
      <span>{view.organization.name}</span>
      <span>·</span>
      <span>{q.endorsementRequested ? 'Requests endorsement' : 'Listing only'}</span>
      <span>·</span>
      <span>
        {q.kind === 'revision' ? 'Revision' : 'New program'} (revision {view.revisionNumber})
      </span>
      {view.program.status !== 'draft' ? (
        <>
          <span>·</span>
          <span>
            Program: <strong>{view.program.status}</strong>
            {view.program.endorsement ? (
              <>
                {' '}
                <EndorsementTag endorsed={view.program.endorsement === 'endorsed'} />
              </>
            ) : null}
          </span>
        </>
      ) : null}
    </p>
  );
}

/** After a resubmission: what the institution changed since changes were requested, field by field. */
function ReviewDiff({ view, reviewer }: { view: RequestView; reviewer: boolean }) {
  const q = view.request;
  if (!view.reviewedForm || q.state === 'draft' || FINAL_STATES.includes(q.state as RequestState)) return null;
  const changes = diffForms(view.reviewedForm, view.form);
  // The author, before changing anything, needs no empty table above the reviewer's request.
  if (!reviewer && changes.length === 0) return null;
  const heading = reviewer ? 'Changes since your review' : 'Changes since the review';
  return (
    <section class="margin-bottom-4" id="review-diff">
      <h2 id="review-diff-h">{heading}</h2>
      <p>The request as it was when changes were requested, and as it is now.</p>
      <DiffTable changes={changes} caption={heading} before="When changes were requested" after="Now" empty="Nothing in the request has changed since changes were requested." />
    </section>
  );
}

function RequestBody({ view, reviewer }: { view: RequestView; reviewer: boolean }) {
  const q = view.request;
  return (
    <>
      <ReviewDiff view={view} reviewer={reviewer} />
      <Checklist results={view.checklist} sectionOf={sectionOf} editable={view.canEdit} requestId={q.id} />
      {view.liveForm ? (
        <section aria-labelledby="diff-h" class="margin-bottom-4">
          <h2 id="diff-h">Changes from the listed revision</h2>
          <DiffTable changes={diffForms(view.liveForm, view.form)} />
        </section>
      ) : null}
      <section aria-labelledby="request-h">
        <h2 id="request-h">The request</h2>
        {SECTIONS.map((s) => {
          const rows = formAsText(view.form).filter(([k]) => sectionOf(k === 'credit_hours' ? 'courses' : k) === s.id);
          return (
            <div key={s.id}>
              <h3 class="display-flex flex-align-center">
                {s.label}
                {view.canEdit ? (
                  <a class="margin-left-2 font-sans-xs" href={`/requests/${q.id}/edit/${s.id}`}>
                    Edit<span class="usa-sr-only"> {s.label}</span>
                  </a>
                ) : null}
              </h3>
              <FieldTable rows={rows} caption={s.label} />
            </div>
          );
        })}
      </section>
      {view.attachments.length ? (
        <section aria-labelledby="files-h">
          <h2 id="files-h">Attachments</h2>
          <ul class="usa-list">
            {view.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/attachments/${a.id}`}>{a.filename}</a> — {a.kind === 'letter' ? 'letter of support' : 'badge image'}, {Math.max(1, Math.round(a.size / 1024))} KB
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** A decided request that made its program live links to the program's public page. */
function PublicLink({ view }: { view: RequestView }) {
  const q = view.request;
  const live = (q.state === 'approved' || q.state === 'listed') && view.program.liveRevisionId === q.revisionId && view.program.status === 'active';
  if (!live) return null;
  return (
    <p>
      <a href={`/programs/${view.program.id}`}>View the public program page</a> (what students and employers see in the inventory).
    </p>
  );
}

export function RequestPage(props: RequestPageProps) {
  const { ctx, view, errors, message, comment } = props;
  const q = view.request;
  const institutionSide = view.canEdit || view.actions.includes('withdraw');
  const failedRules = view.checklist.filter((r) => r.status === 'failed');
  const fromQueue = !institutionSide && ctx.actor !== null && isRegentsStaff(ctx.actor);
  return (
    <Page ctx={ctx} title={q.title} wide>
      <div class="laurel-user-text">
      <Breadcrumbs trail={[fromQueue ? { label: 'Review queue', href: '/review' } : { label: 'Requests', href: '/requests' }]} current={q.title} />
      {view.canEdit ? <StepIndicator current="review" requestId={q.id} /> : null}
      <h1>{q.title}</h1>
      <MetaLine view={view} />
      <PublicLink view={view} />
      <ErrorSummary errors={errors} message={message} />
      {institutionSide ? <ChangeRequestNotice view={view} /> : null}
      {q.state === 'draft' && view.canEdit ? (
        <Alert kind={failedRules.length ? 'warning' : 'info'} heading="Review before you submit">
          {failedRules.length
            ? `Fix the ${failedRules.length} rule${failedRules.length === 1 ? '' : 's'} marked Fail below before you submit.`
            : 'Everything required is in place. Check the request below, then submit it to the State Regents.'}
        </Alert>
      ) : null}
      {view.program.rereviewDueAt && view.program.status === 'active' && view.program.liveRevisionId === q.revisionId ? (
        <p>
          Re-review due: <strong>{formatDate(view.program.rereviewDueAt)}</strong>
        </p>
      ) : null}
      <NextStep {...props} />
      <div class="grid-row grid-gap-lg">
        <div class="desktop:grid-col-8">
          <RequestBody view={view} reviewer={!institutionSide} />
        </div>
        <aside class="desktop:grid-col-4" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline and comments</h2>
          <Timeline events={view.events} />
          <form class="usa-form" method="post" action={`/requests/${q.id}/comments`}>
            <Csrf token={ctx.csrf} />
            <TextArea name="comment" label="Add a comment" value={errors.comment ? comment : ''} error={errors.comment} rows={3} />
            <Button variant="outline">Post comment</Button>
          </form>
        </aside>
      </div>
      </div>
    </Page>
  );
}
