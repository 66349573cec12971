// The request page's action box and the notices above it: the workflow steps the actor may take now
// (the primary step first, the destructive one last and behind a confirmation), why a submission is
// not possible yet, the reviewer's change request for the author, and the withdraw confirmation page.
import type { RequestView } from '../../../domain/programs/get-request.ts';
import { failedHardRules } from '../../../domain/review/rules.ts';
import { actionLabel, PROGRAM_RULES, REQUEST_RULES, waitingOn, type Action, type RequestState } from '../../../domain/review/workflow.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { ConfirmForm, Csrf, formatDate, TextArea } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const OUTLINE_ACTIONS = ['withdraw', 'deny', 'reject', 'recommend_deny', 'suspend', 'retire', 'request_changes'];
const WAITING_ON = { institution: 'the institution', reviewer: 'Regents staff', chancellor: 'the Chancellor' } as const;

/** Primary steps first, then the other outline ones, withdrawing last. */
function rank(a: Action): number {
  return a === 'withdraw' ? 2 : OUTLINE_ACTIONS.includes(a) ? 1 : 0;
}

export interface NextStepProps {
  readonly ctx: PageContext;
  readonly view: RequestView;
  readonly errors: Record<string, string>;
  readonly comment?: string | undefined;
}

export function NextStep({ ctx, view, errors, comment }: NextStepProps) {
  const q = view.request;
  const allActions: Action[] = [...view.actions, ...view.programActions].sort((a, b) => rank(a) - rank(b));
  if (!allActions.length) {
    const waiting = waitingOn(q.state as RequestState);
    return <p class="text-base-dark">{waiting ? `Waiting on ${WAITING_ON[waiting]}.` : 'This request is finished.'}</p>;
  }
  const failed = failedHardRules(view.checklist).length;
  return (
    <section class="laurel-actionbox" aria-labelledby="actions-h">
      <h2 id="actions-h" class="margin-top-0">
        Your next step
      </h2>
      {allActions.map((a) => {
        if (a === 'withdraw') {
          return (
            <p class="margin-bottom-0" key={a}>
              <a class="usa-button usa-button--secondary" href={`/requests/${q.id}/withdraw`}>
                Withdraw the request…
              </a>
            </p>
          );
        }
        const rule = a in REQUEST_RULES ? REQUEST_RULES[a as keyof typeof REQUEST_RULES] : PROGRAM_RULES[a as keyof typeof PROGRAM_RULES];
        const required = rule.comment === 'required';
        const blocked = (a === 'submit' || a === 'resubmit') && failed > 0;
        return (
          <form class="usa-form margin-bottom-2" method="post" action={`/requests/${q.id}/transition`} key={a}>
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="action" value={a} />
            <input type="hidden" name="_version" value={String(q.version)} />
            <TextArea name={`comment-${a}`} label={required ? `Comment (required to ${actionLabel(a).toLowerCase()})` : 'Comment (optional)'} value={errors[`comment-${a}`] ? comment : ''} error={errors[`comment-${a}`]} rows={2} />
            <div class="laurel-actions">
              <button class={`usa-button${OUTLINE_ACTIONS.includes(a) ? ' usa-button--outline' : ''}`} type="submit" disabled={blocked} aria-describedby={blocked ? 'submit-blocked' : undefined}>
                {actionLabel(a)}
              </button>
              {blocked ? (
                <p class="margin-0 text-secondary-dark" id="submit-blocked">
                  This request can’t be submitted yet: {failed} policy rule{failed === 1 ? ' is' : 's are'} not met. <a href="#checklist-h">See what to fix in the checklist</a>.
                </p>
              ) : null}
            </div>
          </form>
        );
      })}
    </section>
  );
}

/** For the institution while changes are requested: the reviewer's request, first on the page. */
export function ChangeRequestNotice({ view }: { view: RequestView }) {
  const asked = [...view.events].reverse().find((e) => e.action === 'request_changes');
  if (view.request.state !== 'changes_requested' || !asked) return null;
  return (
    <section class="usa-alert usa-alert--warning margin-bottom-3 laurel-change-request" aria-labelledby="change-request-h">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="change-request-h">
          Changes requested by {asked.actorName ?? 'Regents staff'}
        </h2>
        <p class="usa-alert__text margin-bottom-1">
          On <time dateTime={asked.at}>{formatDate(asked.at)}</time> the reviewer asked for these changes:
        </p>
        {asked.comment ? <blockquote class="laurel-comment margin-bottom-2">{asked.comment}</blockquote> : null}
        <p class="usa-alert__text">Edit the sections below (each has an Edit link), then resubmit the request.</p>
      </div>
    </section>
  );
}

/** The confirmation before withdrawing: what it means, an optional comment, and Cancel back. */
export function WithdrawPage({ ctx, view }: { ctx: PageContext; view: RequestView }) {
  const q = view.request;
  return (
    <Page ctx={ctx} title={`Withdraw ${q.title}`}>
      <Breadcrumbs trail={[{ label: 'Requests', href: '/requests' }, { label: q.title, href: `/requests/${q.id}` }]} current="Withdraw" />
      <div class="laurel-user-text">
        <h1>Withdraw “{q.title}”?</h1>
      </div>
      <p>The request leaves the review and cannot be resubmitted; to ask again, start a new request.</p>
      <ConfirmForm csrf={ctx.csrf} action={`/requests/${q.id}/transition`} label="Withdraw the request" cancel={`/requests/${q.id}`} variant="secondary">
        <input type="hidden" name="action" value="withdraw" />
        <input type="hidden" name="confirmed" value="1" />
        <input type="hidden" name="_version" value={String(q.version)} />
        <TextArea name="comment-withdraw" label="Comment (optional)" rows={2} />
      </ConfirmForm>
    </Page>
  );
}
