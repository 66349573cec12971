// An organization's webhook endpoints: the list (address, events, status, last delivery) and the
// shared pieces of the webhook pages (their base address, labels, the secret shown once).
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { WebhookEndpointView } from '../../../domain/webhooks/endpoints.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Alert, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function webhooksBase(org: Pick<Organization, 'slug'>): string {
  return `/admin/institutions/${org.slug}/webhooks`;
}

export function StatusTag({ status }: { status: 'active' | 'disabled' }) {
  return status === 'active' ? <span class="usa-tag bg-green">On</span> : <span class="usa-tag">Off</span>;
}

export function lastDeliveryText(e: WebhookEndpointView): string {
  const d = e.lastDelivery;
  if (!d) return 'None yet';
  const outcome = d.lastStatus !== null ? `HTTP ${d.lastStatus}` : 'no answer';
  return `${formatDate(d.lastAttemptAt)} · ${d.eventType} · ${outcome}`;
}

/** The secret, once: after adding an endpoint and after rotating its secret. */
export function SecretOnce({ secret, rotated }: { secret: string; rotated?: boolean }) {
  return (
    <Alert kind="success" heading={rotated ? 'New signing secret' : 'Endpoint added: its signing secret'}>
      <p>Copy it now into the receiver's configuration: it will not be shown again. The receiver checks each message's signature with it (see the webhooks guide).</p>
      <p class="laurel-token" id="webhook-secret">
        {secret}
      </p>
      {rotated ? <p>The previous secret keeps signing beside this one for 24 hours, so the receiver can switch without refusing messages.</p> : null}
    </Alert>
  );
}

function columns(base: string): Column<WebhookEndpointView>[] {
  return [
    {
      key: 'url',
      header: 'Address',
      cell: (e) => (
        <>
          <a href={`${base}/${e.id}`} class="text-wrap">
            {e.url}
          </a>
          {e.description ? <div class="usa-hint">{e.description}</div> : null}
        </>
      ),
    },
    { key: 'events', header: 'Events', cell: (e) => e.events.join(', ') },
    { key: 'status', header: 'Status', cell: (e) => <StatusTag status={e.status} /> },
    { key: 'last', header: 'Last delivery', cell: (e) => lastDeliveryText(e) },
  ];
}

export function WebhookListPage({ ctx, org, endpoints }: { ctx: PageContext; org: Organization; endpoints: readonly WebhookEndpointView[] }) {
  const base = webhooksBase(org);
  const title = `Webhooks of ${org.name}`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: org.name, href: `/admin/institutions/${org.slug}/edit` }]} current="Webhooks" />
      <h1>{title}</h1>
      <p>
        Laurel tells your other systems (a student information system, a CRM) when something happens: a badge issued, claimed or revoked
        {org.kind === 'regents' ? ', and every institution’s requests and programs' : ', a request decided, a program published'}. Each message is signed (Standard Webhooks), retried for 3 days if the receiver
        does not answer, and listed in the endpoint's delivery log.
      </p>
      <div class="laurel-actions">
        <a class="usa-button" href={`${base}/new`}>
          Add an endpoint
        </a>
      </div>
      <DataTable caption={`Webhook endpoints of ${org.name}`} columns={columns(base)} rows={endpoints} rowKey={(e) => e.id} empty={<p>No endpoints yet. Add one to start sending events.</p>} />
    </Page>
  );
}
