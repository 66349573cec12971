// Adding an endpoint (address, description, events), and the confirmation pages before rotating its
// secret and before removing it.
import type { ComponentChildren } from 'preact';
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { WebhookEndpointView } from '../../../domain/webhooks/endpoints.ts';
import { EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from '../../../domain/webhooks/events.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Button, Checkboxes, ConfirmForm, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { webhooksBase } from './endpoint-list.tsx';

export interface EndpointFormValues {
  readonly url: string;
  readonly description: string;
  readonly events: readonly string[];
}

export function endpointFormValues(e?: WebhookEndpointView): EndpointFormValues {
  return { url: e?.url ?? '', description: e?.description ?? '', events: e ? [...e.events] : [...WEBHOOK_EVENTS] };
}

/** The address, description and events: the same fields on the new endpoint's page and the endpoint's page. */
export function EndpointFields({ v, errors }: { v: EndpointFormValues; errors: Record<string, string> }) {
  return (
    <>
      <TextInput name="url" label="Address (URL)" hint="Where Laurel POSTs each event, such as https://sis.example.edu/hooks/laurel. Must be https and public." value={v.url} error={errors.url} maxLength={2000} required type="url" />
      <TextInput name="description" label="Description (optional)" hint="What receives the events, for whoever reads this list later." value={v.description} error={errors.description} maxLength={200} />
      <Checkboxes name="events" legend="Events to send" error={errors.events} options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: e, description: EVENT_DESCRIPTIONS[e] }))} checked={v.events} />
    </>
  );
}

export function NewEndpointPage({ ctx, org, v, errors, message }: { ctx: PageContext; org: Organization; v: EndpointFormValues; errors: Record<string, string>; message?: string }) {
  const base = webhooksBase(org);
  return (
    <Page ctx={ctx} title="Add a webhook endpoint">
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Webhooks of ${org.name}`, href: base }]} current="Add an endpoint" />
      <h1>Add a webhook endpoint</h1>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action={base} novalidate>
        <Csrf token={ctx.csrf} />
        <EndpointFields v={v} errors={errors} />
        <Button>Add endpoint</Button>
      </form>
    </Page>
  );
}

function Confirm({ ctx, org, e, title, children, action, label }: { ctx: PageContext; org: Organization; e: WebhookEndpointView; title: string; children: ComponentChildren; action: string; label: string }) {
  const base = webhooksBase(org);
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Webhooks of ${org.name}`, href: base }, { label: e.url, href: `${base}/${e.id}` }]} current={label} />
      <h1>{title}</h1>
      {children}
      <ConfirmForm csrf={ctx.csrf} action={action} cancel={`${base}/${e.id}`} label={label} variant="secondary" />
    </Page>
  );
}

export function RotateSecretPage({ ctx, org, endpoint }: { ctx: PageContext; org: Organization; endpoint: WebhookEndpointView }) {
  return (
    <Confirm ctx={ctx} org={org} e={endpoint} title="Make a new signing secret?" action={`${webhooksBase(org)}/${endpoint.id}/rotate`} label="Make a new secret">
      <p>
        Laurel makes a new secret for {endpoint.url} and shows it once. For the next 24 hours every message carries two signatures, one with the new secret and one with the current one, so the receiver keeps
        accepting messages while you update it. After that only the new secret signs.
      </p>
    </Confirm>
  );
}

export function DeleteEndpointPage({ ctx, org, endpoint }: { ctx: PageContext; org: Organization; endpoint: WebhookEndpointView }) {
  return (
    <Confirm ctx={ctx} org={org} e={endpoint} title={`Remove ${endpoint.url}?`} action={`${webhooksBase(org)}/${endpoint.id}/delete`} label="Remove endpoint">
      <p>Laurel stops sending events to it now. Its delivery log is removed too, and messages not yet delivered are dropped. To pause it instead, turn it off.</p>
    </Confirm>
  );
}
