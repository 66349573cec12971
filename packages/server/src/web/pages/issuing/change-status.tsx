// Revoke, suspend or reinstate one award, behind a confirmation page that asks for the reason; and the
// upload form for revoking or suspending many awards from a CSV file (status-batch.tsx shows a file).
import type { StatusBatch } from '../../../domain/issuance/change-status-by-csv.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Button, Csrf, ErrorSummary, formatDate, Select, TextArea } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { FileInput } from '../../components/file-input.tsx';

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

export interface RevokeCsvPageProps {
  readonly ctx: PageContext;
  readonly organizations: readonly { readonly id: string; readonly name: string }[];
  readonly recent: readonly StatusBatch[];
  readonly error?: string | undefined;
}

const ACTION_LABEL: Record<StatusBatch['action'], string> = { revoke: 'Revoke', suspend: 'Suspend' };
const BATCH_STATE: Record<StatusBatch['status'], string> = { preview: 'Not confirmed', queued: 'In progress', done: 'Finished' };

const recentColumns: Column<StatusBatch>[] = [
  { key: 'file', header: 'File', cell: (b) => <a href={`/issuing/status-batches/${b.id}`}>{b.filename}</a> },
  { key: 'action', header: 'Action', cell: (b) => ACTION_LABEL[b.action] },
  { key: 'rows', header: 'Rows', cell: (b) => b.totalRows.toLocaleString('en-US'), class: 'text-right' },
  { key: 'state', header: 'State', cell: (b) => BATCH_STATE[b.status] },
  { key: 'uploaded', header: 'Uploaded', cell: (b) => formatDate(b.createdAt) },
];

export function RevokeCsvPage({ ctx, organizations, recent, error }: RevokeCsvPageProps) {
  return (
    <Page ctx={ctx} title="Revoke or suspend by CSV">
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }]} current="Revoke or suspend by CSV" />
      <h1>Revoke or suspend badges from a CSV file</h1>
      <p>
        Columns: <code>award_id</code>, <code>reason</code>. Up to 50,000 rows. You will see every row and its errors before anything changes; then the rows are applied in the background, each one once, and you can download a report of the rows that were not applied.
      </p>
      <ErrorSummary errors={error ? { file: error } : {}} />
      <form class="usa-form usa-form--large" method="post" action={`/issuing/revoke-csv?_csrf=${encodeURIComponent(ctx.csrf)}`} encType="multipart/form-data">
        {organizations.length > 1 ? <Select name="organization" label="Institution" options={organizations.map((o) => [o.id, o.name] as const)} value={organizations[0]!.id} /> : null}
        <FileInput label="CSV file" error={error} accept=".csv,text/csv" />
        <Select
          name="action"
          label="Action"
          options={[
            ['revoke', 'Revoke (permanent)'],
            ['suspend', 'Suspend'],
          ]}
          value="revoke"
        />
        <Button>Upload and check</Button>
      </form>
      <h2>Recent files</h2>
      <DataTable caption="Recent revoke and suspend files" columns={recentColumns} rows={[...recent]} rowKey={(b) => b.id} empty={<p>No file uploaded yet.</p>} />
    </Page>
  );
}
