// Pieces of the request pages: state tags, the compliance checklist, the full request as a table, the
// timeline and comment thread, and the diff between revisions.
import type { RuleResult } from '../../../domain/review/rules.ts';
import { STATE_LABELS, type RequestState } from '../../../domain/review/workflow.ts';
import type { FieldChange } from '../../../domain/programs/diff.ts';
import type { RequestEvent } from '../../../domain/programs/types.ts';
import { DataTable } from '../../components/data-table.tsx';
import { formatDate } from '../../components/ui.tsx';

const STATE_CLASS: Partial<Record<RequestState, string>> = {
  draft: 'bg-base-lighter text-ink',
  changes_requested: 'bg-gold text-ink',
  approved: 'bg-green',
  listed: 'bg-primary',
  denied: 'bg-secondary-dark',
  rejected: 'bg-secondary-dark',
  withdrawn: 'bg-base',
};

export function StateTag({ state }: { state: string }) {
  const label = STATE_LABELS[state as RequestState] ?? state;
  return <span class={`usa-tag laurel-state ${STATE_CLASS[state as RequestState] ?? 'bg-accent-cool-darker'}`}>{label}</span>;
}

export function EndorsementTag({ endorsed }: { endorsed: boolean }) {
  return endorsed ? <span class="laurel-endorsement laurel-endorsed">Endorsed by State Regents</span> : <span class="laurel-endorsement laurel-not-endorsed">Not Endorsed by State Regents</span>;
}

export function Checklist({ results, sectionOf, editable, requestId }: { results: RuleResult[]; sectionOf: (field: string) => string; editable: boolean; requestId: string }) {
  const failed = results.filter((r) => r.status === 'failed').length;
  const warned = results.filter((r) => r.status === 'warning').length;
  return (
    <section aria-labelledby="checklist-h" class="margin-bottom-4">
      <h2 id="checklist-h">Policy checklist</h2>
      <p>{failed === 0 ? (warned ? `All required rules pass; ${warned} warning${warned === 1 ? '' : 's'}.` : 'All rules pass.') : `${failed} rule${failed === 1 ? '' : 's'} not met.`}</p>
      <ul class="usa-icon-list laurel-checklist">
        {results.map((r) => (
          <li class={`usa-icon-list__item laurel-check laurel-check--${r.status}`} key={r.id}>
            <span class="laurel-check-status">{r.status === 'passed' ? 'Pass' : r.status === 'failed' ? 'Fail' : 'Warning'}</span>
            <span class="usa-icon-list__content">
              {r.message}{' '}
              {r.status !== 'passed' && editable ? (
                <a href={`/requests/${requestId}/edit/${sectionOf(r.field)}#${r.field.replace(/\./g, '-')}`}>
                  Fix<span class="usa-sr-only"> {r.id.replace(/_/g, ' ')}</span>
                </a>
              ) : null}
              <span class="text-base font-mono-3xs margin-left-1">{r.id}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The request's fields as label → value rows; the column headers are for screen readers only. */
export function FieldTable({ rows, caption }: { rows: [string, string, string][]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      class="laurel-fields"
      rows={rows}
      rowKey={([key]) => key}
      empty={null}
      columns={[
        { key: 'field', header: <span class="usa-sr-only">Field</span>, cell: ([, label]) => label },
        { key: 'value', header: <span class="usa-sr-only">Value</span>, class: 'laurel-pre-line', cell: ([, , value]) => value || <span class="text-base">—</span> },
      ]}
    />
  );
}

/** Field-by-field changes, old vs new. The labels say which two versions are compared. */
export function DiffTable({ changes, caption = 'Changes from the listed revision', before = 'Listed now', after = 'This revision', empty }: { changes: FieldChange[]; caption?: string; before?: string; after?: string; empty?: string }) {
  return (
    <DataTable
      caption={caption}
      rows={changes}
      rowKey={(c) => c.field}
      empty={<p>{empty ?? 'This revision makes no changes to the listed program.'}</p>}
      columns={[
        { key: 'field', header: 'Field', cell: (c) => c.label },
        { key: 'before', header: before, class: 'laurel-pre-line', cell: (c) => <del>{c.before || '—'}</del> },
        { key: 'after', header: after, class: 'laurel-pre-line', cell: (c) => <ins>{c.after || '—'}</ins> },
      ]}
    />
  );
}

const EVENT_LABELS: Record<string, string> = {
  create: 'Started the request',
  submit: 'Submitted for review',
  withdraw: 'Withdrew the request',
  start_review: 'Started the review',
  request_changes: 'Requested changes',
  resubmit: 'Resubmitted',
  recommend_approve: 'Recommended approval',
  recommend_deny: 'Recommended denial',
  approve: 'Approved — Endorsed by State Regents',
  deny: 'Denied',
  list: 'Listed — Not Endorsed by State Regents',
  reject: 'Rejected the listing',
  suspend: 'Suspended the program',
  reinstate: 'Reinstated the program',
  retire: 'Retired the program',
  comment: 'Commented',
};

export function Timeline({ events }: { events: RequestEvent[] }) {
  return (
    <ol class="laurel-timeline">
      {events.map((e) => (
        <li key={e.id} class={e.action === 'comment' ? 'laurel-timeline-comment' : ''}>
          <p class="margin-0">
            <strong>{EVENT_LABELS[e.action] ?? e.action}</strong> — {e.actorName ?? 'System'}, <time dateTime={e.at}>{formatDate(e.at)}</time>
          </p>
          {e.comment ? <blockquote class="laurel-comment">{e.comment}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}
