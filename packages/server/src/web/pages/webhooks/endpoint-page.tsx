// One webhook endpoint: its settings (address, events), what can be done with it (a test event, turn
// off/on, a new secret, remove) and its delivery log, newest first, with "Redeliver" per message.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import { deliveryState, type DeliveryLog, type WebhookDelivery } from '../../../domain/webhooks/deliveries.ts';
import type { WebhookEndpointView } from '../../../domain/webhooks/endpoints.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { ActionForm, Alert, Button, Csrf, ErrorSummary, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { EndpointFields, type EndpointFormValues } from './endpoint-form.tsx';
import { SecretOnce, StatusTag, webhooksBase } from './endpoint-list.tsx';

const STATE_LABELS = { delivered: 'Delivered', pending: 'Retrying', failed: 'Failed' } as const;

function deliveryColumns(o: { base: string; csrf: string; on: boolean }): Column<WebhookDelivery>[] {
  return [
    { key: 'time', header: 'Time', rowHeader: true, cell: (d) => formatDate(d.createdAt) },
    { key: 'event', header: 'Event', cell: (d) => <code>{d.eventType}</code> },
    {
      key: 'state',
      header: 'Status',
      cell: (d) => {
        const s = deliveryState(d);
        return (
          <>
            {STATE_LABELS[s]}
            {s === 'pending' && d.nextAttemptAt ? <div class="usa-hint">next try {formatDate(d.nextAttemptAt)}</div> : null}
          </>
        );
      },
    },
    { key: 'attempts', header: 'Attempts', cell: (d) => d.attempts, class: 'text-right' },
    { key: 'code', header: 'Response code', cell: (d) => (d.lastStatus === null ? '—' : d.lastStatus) },
    { key: 'error', header: 'Error', cell: (d) => d.lastError ?? '' },
    {
      key: 'actions',
      header: <span class="usa-sr-only">Actions</span>,
      cell: (d) => (o.on && deliveryState(d) !== 'pending' ? <ActionForm action={`${o.base}/deliveries/${d.id}/redeliver`} csrf={o.csrf} label="Redeliver" variant="unstyled" /> : null),
    },
  ];
}

export interface EndpointPageProps {
  readonly ctx: PageContext;
  readonly org: Organization;
  readonly endpoint: WebhookEndpointView;
  readonly deliveries: DeliveryLog;
  readonly v: EndpointFormValues;
  readonly errors: Record<string, string>;
  readonly message?: string;
  /** Shown once, right after the endpoint was added or its secret rotated. */
  readonly secret?: { value: string; rotated: boolean };
}

export function EndpointPage(p: EndpointPageProps) {
  const { ctx, org, endpoint: e } = p;
  const base = `${webhooksBase(org)}/${e.id}`;
  const on = e.status === 'active';
  return (
    <Page ctx={ctx} title={`Webhook endpoint ${e.url}`}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Webhooks of ${org.name}`, href: webhooksBase(org) }]} current={e.url} />
      <h1 class="text-wrap">{e.url}</h1>
      {p.secret ? <SecretOnce secret={p.secret.value} rotated={p.secret.rotated} /> : null}
      <p>
        <StatusTag status={e.status} /> {e.disabledReason && !on ? e.disabledReason : null}
        {on && e.consecutiveFailures > 0 ? ` ${e.consecutiveFailures} failed attempts in a row; it is turned off after 50.` : null}
      </p>
      {!on ? (
        <Alert kind="warning" slim>
          <p>No events are sent while it is off; they are not kept for later. Turn it on, then redeliver what it missed from the log below.</p>
        </Alert>
      ) : null}
      {e.previousSecretUntil ? <p>The previous secret still signs beside the current one until {formatDate(e.previousSecretUntil)}.</p> : null}

      <section aria-labelledby="settings-h">
        <h2 id="settings-h">Settings</h2>
        <ErrorSummary errors={p.errors} message={p.message} />
        <form class="usa-form usa-form--large" method="post" action={base} novalidate>
          <Csrf token={ctx.csrf} />
          <EndpointFields v={p.v} errors={p.errors} />
          <Button>Save</Button>
        </form>
      </section>

      <section aria-labelledby="actions-h" class="margin-top-4">
        <h2 id="actions-h">Actions</h2>
        <div class="laurel-actions">
          {on ? <ActionForm action={`${base}/test`} csrf={ctx.csrf} label="Send a test event" variant="outline" /> : null}
          <form method="post" action={`${base}/status`}>
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="status" value={on ? 'disabled' : 'active'} />
            <Button variant="outline">{on ? 'Turn off' : 'Turn on'}</Button>
          </form>
          <a class="usa-button usa-button--outline" href={`${base}/rotate`}>
            Make a new secret…
          </a>
          <a class="usa-button usa-button--secondary" href={`${base}/delete`}>
            Remove…
          </a>
        </div>
      </section>

      <section aria-labelledby="log-h" class="margin-top-4">
        <h2 id="log-h">Delivery log</h2>
        <p>Every message sent to this endpoint, newest first. A message keeps its id (the webhook-id header) when it is retried or redelivered, so the receiver can ignore one it already handled.</p>
        <DataTable
          caption={`Deliveries to ${e.url}`}
          columns={deliveryColumns({ base, csrf: ctx.csrf, on })}
          rows={p.deliveries.items}
          rowKey={(d) => d.id}
          compact
          empty={<p>No messages yet. Send a test event to try the receiver.</p>}
          pagination={{ page: p.deliveries.page, perPage: p.deliveries.perPage, total: p.deliveries.total, href: (n) => `${base}?page=${n}` }}
        />
      </section>
    </Page>
  );
}
