// Revoke, suspend or reinstate one award, behind a confirmation page that asks for the reason; and the
// same for many awards from a CSV file, with one result per row.
import { Alert, Button, Csrf, ErrorSummary, Select, TextArea } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { CsvFileInput } from './award-fields.tsx';

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

export const STATUS_ACTIONS: Record<StatusAction, { title: string; button: string; explain: string; done: string }> = {
  revoke: { title: 'Revoke this badge', button: 'Revoke', explain: 'Revocation is permanent: verifiers will see the badge as revoked at once, and the earner can no longer share it.', done: 'The badge is revoked.' },
  suspend: { title: 'Suspend this badge', button: 'Suspend', explain: 'While suspended, Laurel shows the badge as suspended and the earner cannot share it. You can reinstate it later.', done: 'The badge is suspended.' },
  reinstate: { title: 'Reinstate this badge', button: 'Reinstate', explain: 'The badge becomes valid again.', done: 'The badge is reinstated.' },
};

export interface ConfirmStatusProps {
  readonly ctx: PageContext;
  readonly action: StatusAction;
  readonly award: { readonly id: string; readonly recipientName: string; readonly recipientEmail: string };
  readonly reason?: string | undefined;
  readonly error?: string | undefined;
}

export function ConfirmStatusPage({ ctx, action, award: a, reason, error }: ConfirmStatusProps) {
  const spec = STATUS_ACTIONS[action];
  return (
    <Page ctx={ctx} title={spec.title}>
      <h1>{spec.title}</h1>
      <p class="usa-intro">
        Award to {a.recipientName} ({a.recipientEmail}). {spec.explain}
      </p>
      <ErrorSummary errors={error ? { reason: error } : {}} />
      <form class="usa-form" method="post" action={`/issuing/awards/${a.id}/${action}`} novalidate>
        <Csrf token={ctx.csrf} />
        <TextArea name="reason" label="Reason" hint="Shown in the award’s history and to the earner." value={reason} error={error} required maxLength={500} />
        <Button variant={action === 'revoke' ? 'secondary' : undefined}>{spec.button}</Button> <a href={`/issuing/awards/${a.id}`}>Cancel</a>
      </form>
    </Page>
  );
}

export interface CsvRowResult {
  readonly row: number;
  readonly awardId: string;
  readonly ok: boolean;
  readonly message: string;
}

function Results({ results }: { results: readonly CsvRowResult[] }) {
  return (
    <Alert kind={results.every((x) => x.ok) ? 'success' : 'warning'}>
      {results.filter((x) => x.ok).length} applied, {results.filter((x) => !x.ok).length} not applied.
      <ul class="usa-list">
        {results
          .filter((x) => !x.ok)
          .slice(0, 200)
          .map((x) => (
            <li key={x.row}>
              Row {x.row} ({x.awardId || 'no id'}): {x.message}
            </li>
          ))}
      </ul>
    </Alert>
  );
}

export function RevokeCsvPage({ ctx, error, results }: { ctx: PageContext; error?: string | undefined; results?: readonly CsvRowResult[] | undefined }) {
  return (
    <Page ctx={ctx} title="Revoke or suspend by CSV">
      <h1>Revoke or suspend badges from a CSV file</h1>
      <p>
        Columns: <code>award_id</code>, <code>reason</code>. Up to 5,000 rows. Each row is applied on its own; the results are listed below.
      </p>
      <ErrorSummary errors={error ? { file: error } : {}} />
      {results ? <Results results={results} /> : null}
      <form class="usa-form usa-form--large" method="post" action={`/issuing/revoke-csv?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
        <CsvFileInput label="CSV file" error={error} />
        <Select
          name="action"
          label="Action"
          options={[
            ['revoke', 'Revoke (permanent)'],
            ['suspend', 'Suspend'],
          ]}
          value="revoke"
        />
        <Button variant="secondary">Apply</Button>
      </form>
    </Page>
  );
}
