// A placed badge's pages inside the course (LTI 1.3): the instructor's — the award rule, reading the
// results, the students by status and approving the qualified in one step — and the student's — their
// status and adding the badge to their portfolio. Every link and form carries the frame session's token
// and the launch's binding key (domain/lti/frame-session.ts), as Laurel's own cookies are not sent here.
import type { LineItem } from '../../../domain/lti/services.ts';
import { formatScore } from '../../../domain/lti/award-rules.ts';
import { LEARNERS_PAGE, type InstructorView, type LearnerView, type LtiLearner, type LtiLearnerStatus } from '../../../domain/lti/placement-view.ts';
import { Alert, Button, ErrorSummary, formatDate, Pagination, Select, TextInput } from '../../components/ui.tsx';
import { LtiFrame } from '../../layouts/lti-frame.tsx';

export interface FrameKeys {
  readonly token: string;
  readonly binding: string;
}

export function placementHref(keys: FrameKeys, extra: Record<string, string> = {}): string {
  return `/lti/placement?${new URLSearchParams({ session: keys.token, binding: keys.binding, ...extra }).toString()}`;
}

function Keys({ keys }: { keys: FrameKeys }) {
  return (
    <>
      <input type="hidden" name="session" value={keys.token} />
      <input type="hidden" name="binding" value={keys.binding} />
    </>
  );
}

const STATUS_LABEL: Record<LtiLearnerStatus, string> = {
  qualified: 'Qualified — waiting for approval',
  no_email: 'Qualified — no email address',
  failed: 'Qualified — not issued',
  awarded: 'Awarded',
  held: 'Already held the badge',
  not_yet: 'Not yet',
};

export interface RuleFormState {
  readonly columns: readonly LineItem[];
  readonly problem: string | null;
  readonly values: { kind: string; threshold: string; lineItem: string; autoIssue: boolean };
  readonly errors: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

function ruleSentence(v: InstructorView): string {
  const r = v.frame.placement.rule;
  const column = `“${r.lineItemLabel ?? 'the grade column'}”`;
  return r.kind === 'completion' ? `Any graded result in ${column} earns the badge.` : `A result of at least ${r.threshold}% in ${column} earns the badge.`;
}

function RuleForm({ keys, state, editing }: { keys: FrameKeys; state: RuleFormState; editing: boolean }) {
  const v = state.values;
  if (state.columns.length === 0) return <Alert kind="warning" heading="Laurel cannot read this course's grades">{state.problem}</Alert>;
  return (
    <form class="usa-form usa-form--large" method="post" action="/lti/placement/rule" novalidate>
      <Keys keys={keys} />
      <ErrorSummary errors={state.errors} message={state.message} />
      <fieldset class={`usa-fieldset usa-form-group${state.errors.kind ? ' usa-form-group--error' : ''}`} id="kind">
        <legend class="usa-legend">What earns the badge</legend>
        {state.errors.kind ? <span class="usa-error-message" role="alert">{state.errors.kind}</span> : null}
        <div class="usa-radio">
          <input class="usa-radio__input" id="kind-score" type="radio" name="kind" value="score" checked={v.kind !== 'completion'} />
          <label class="usa-radio__label" for="kind-score">A result of at least a percentage of the column's points</label>
        </div>
        <div class="usa-radio">
          <input class="usa-radio__input" id="kind-completion" type="radio" name="kind" value="completion" checked={v.kind === 'completion'} />
          <label class="usa-radio__label" for="kind-completion">
            Completing the activity
            <span class="usa-checkbox__label-description">Any graded result. For complete/incomplete grading, choose a result of 100% instead.</span>
          </label>
        </div>
      </fieldset>
      <TextInput name="threshold" label="Percentage needed (for a result)" hint="From 1 to 100, such as 80." inputMode="decimal" value={v.threshold} error={state.errors.threshold} />
      <Select name="lineItem" label="Grade column" options={state.columns.map((c) => [c.id, `${c.label} (${c.scoreMaximum} points)`] as const)} value={v.lineItem} error={state.errors.lineItem} />
      <div class="usa-checkbox margin-top-3">
        <input class="usa-checkbox__input" id="autoIssue" type="checkbox" name="autoIssue" value="1" checked={v.autoIssue} />
        <label class="usa-checkbox__label" for="autoIssue">
          Issue the badge automatically when a student qualifies
          <span class="usa-checkbox__label-description">Otherwise you approve who receives it, here, in one step.</span>
        </label>
      </div>
      <Button>{editing ? 'Save the rule' : 'Set the rule'}</Button>
    </form>
  );
}

function LearnerRow({ l }: { l: LtiLearner }) {
  return (
    <tr>
      <th scope="row">{l.name ?? l.userId}</th>
      <td>{l.email ?? '—'}</td>
      <td>{formatScore(l.score, l.maximum)}</td>
      <td>
        {STATUS_LABEL[l.status]}
        {l.message ? <div class="text-base font-sans-3xs">{l.message}</div> : null}
      </td>
    </tr>
  );
}

function Students({ v, keys }: { v: InstructorView; keys: FrameKeys }) {
  const p = v.frame.placement;
  const c = v.counts;
  const waiting = c.qualified + c.failed;
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const filters: Array<[LtiLearnerStatus | null, string, number]> = [[null, 'Everyone', total], ['qualified', 'Waiting for approval', c.qualified], ['awarded', 'Awarded', c.awarded + c.held], ['not_yet', 'Not yet', c.not_yet]];
  return (
    <section aria-labelledby="students">
      <h2 id="students">Students</h2>
      {v.checking ? <Alert kind="info" heading="Reading the course's results">Laurel is reading the roster and results from {v.frame.platform.name}. This page refreshes by itself.</Alert> : null}
      {p.check.error ? <Alert kind="error" heading="The results could not be read">{p.check.error}</Alert> : null}
      <p>
        {p.check.checkedAt ? `Results last read ${formatDate(p.check.checkedAt)}. ` : 'Laurel has not read the results yet. '}
        {c.qualified} waiting for approval · {c.awarded + c.held} awarded · {c.not_yet} not yet{c.no_email ? ` · ${c.no_email} without an email address` : ''}.
      </p>
      <div class="display-flex flex-wrap flex-align-center">
        {waiting > 0 ? (
          <form method="post" action="/lti/placement/award" class="margin-right-2">
            <Keys keys={keys} />
            <Button>{`Issue the badge to ${waiting} ${waiting === 1 ? 'student' : 'students'}`}</Button>
          </form>
        ) : null}
        <form method="post" action="/lti/placement/check">
          <Keys keys={keys} />
          <Button variant="outline">Read the results now</Button>
        </form>
      </div>
      {total === 0 ? (
        <p class="text-base">No students yet: once Laurel reads the results, the course's students are listed here.</p>
      ) : (
        <>
          <ul class="usa-button-group margin-y-2" aria-label="Show students">
            {filters.map(([s, label, n]) => (
              <li class="usa-button-group__item" key={label}>
                <a class={`usa-button${v.status === s ? '' : ' usa-button--outline'}`} href={placementHref(keys, s ? { status: s } : {})} aria-current={v.status === s ? 'true' : undefined}>{`${label} (${n})`}</a>
              </li>
            ))}
          </ul>
          <table class="usa-table usa-table--borderless width-full">
            <caption class="usa-sr-only">Students of {p.contextTitle}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Result</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {v.learners.map((l) => (
                <LearnerRow l={l} key={l.userId} />
              ))}
            </tbody>
          </table>
          <Pagination page={v.page} perPage={LEARNERS_PAGE} total={v.status ? c[v.status] : total} href={(n) => placementHref(keys, { ...(v.status ? { status: v.status } : {}), page: String(n) })} />
        </>
      )}
    </section>
  );
}

export function InstructorPlacementPage({ v, keys, rule, notice }: { v: InstructorView; keys: FrameKeys; rule: RuleFormState | null; notice?: string | undefined }) {
  const p = v.frame.placement;
  return (
    <LtiFrame title={v.badgeClass.name} refresh={v.checking ? { url: placementHref(keys), seconds: 3 } : undefined}>
      <p class="text-base margin-bottom-0">{v.frame.organization.name} · {p.contextTitle}</p>
      <h1 class="margin-top-05">{v.badgeClass.name}</h1>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <section aria-labelledby="rule">
        <h2 id="rule">Award rule</h2>
        {rule ? (
          <RuleForm keys={keys} state={rule} editing={p.rule.kind !== 'none'} />
        ) : (
          <>
            <p>
              {ruleSentence(v)} {p.rule.autoIssue ? 'Laurel issues it as soon as a student qualifies (results are read at least hourly).' : 'You approve who receives it.'}
            </p>
            <p>
              <a href={placementHref(keys, { edit: '1' })}>Change the rule</a>
            </p>
          </>
        )}
      </section>
      {p.rule.kind !== 'none' ? <Students v={v} keys={keys} /> : null}
      <h2>The badge</h2>
      <p>{v.badgeClass.description}</p>
      <h3>Criteria students see</h3>
      <p class="laurel-prewrap">{v.badgeClass.criteria || 'The institution has not described the criteria yet.'}</p>
    </LtiFrame>
  );
}

function LearnerStatus({ v, keys }: { v: LearnerView; keys: FrameKeys }) {
  const { award, learner } = v;
  const rule = v.frame.placement.rule;
  if (award && award.claimState === 'accepted') {
    return (
      <Alert kind="success" heading="This badge is in your Laurel portfolio">
        <p>It stays private until you make it public. To share it, download it or see it, sign in to Laurel as {award.recipientEmail}.</p>
        <a href={`/sign-in?${new URLSearchParams({ next: `/badges/${award.id}` }).toString()}`} target="_blank" rel="noopener">
          Sign in to see your badge (opens in a new window)
        </a>
      </Alert>
    );
  }
  if (award) {
    return (
      <Alert kind="success" heading="You have earned this badge">
        <p>{v.frame.organization.name} issued it to {award.recipientEmail}. Add it to your Laurel portfolio to share it, download it or show it publicly.</p>
        <form method="post" action="/lti/placement/claim">
          <Keys keys={keys} />
          <Button>Add it to my Laurel portfolio</Button>
        </form>
      </Alert>
    );
  }
  const result = learner ? formatScore(learner.score, learner.maximum) : 'no result yet';
  if (learner?.status === 'qualified' || learner?.status === 'failed') return <Alert kind="info" heading="You have met the criteria">Your result: {result}. Your instructor approves the badge; once they do, it appears here and you receive an email.</Alert>;
  if (learner?.status === 'no_email') return <Alert kind="warning" heading="You have met the criteria">{v.frame.platform.name} did not share your email address with Laurel, so the badge cannot be issued to you yet. Tell your instructor.</Alert>;
  if (rule.kind === 'none') return <Alert kind="info">Not earned yet. Your instructor has not yet set how this badge is earned in this course.</Alert>;
  const asks = rule.kind === 'completion' ? `completing “${rule.lineItemLabel}”` : `a result of at least ${rule.threshold}% in “${rule.lineItemLabel}”`;
  return <Alert kind="info" heading="Not earned yet">Your result: {result}. The badge asks for {asks}.</Alert>;
}

export function LearnerPlacementPage({ v, keys, notice, error }: { v: LearnerView; keys: FrameKeys; notice?: string | undefined; error?: string | undefined }) {
  return (
    <LtiFrame title={v.badgeClass.name}>
      <p class="text-base margin-bottom-0">{v.frame.organization.name}</p>
      <h1 class="margin-top-05">{v.badgeClass.name}</h1>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      {v.problem ? <Alert kind="warning">{v.problem} What you see is what Laurel last knew.</Alert> : null}
      <LearnerStatus v={v} keys={keys} />
      <p>{v.badgeClass.description}</p>
      <h2>How to earn it</h2>
      <p class="laurel-prewrap">{v.badgeClass.criteria || 'Your institution has not described the criteria yet.'}</p>
    </LtiFrame>
  );
}
