// Managing an organization's webhook endpoints (its admin; the Regents' by the system admin): add (the
// address checked, the secret shown once), edit, turn off and on, rotate the secret, remove. The same use
// cases behind the pages and the API; every change is audited in its transaction.
import { repos } from '../../storage/repositories/index.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../storage/repositories/webhooks.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, addMs, type Deps } from '../deps.ts';
import { DomainError, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { getInstitution } from '../institutions/get-institution.ts';
import type { Organization } from '../institutions/institutions.ts';
import { assertAllowed, canManageWebhooks } from '../policy.ts';
import { checkWebhookUrl } from './check-url.ts';
import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEventType } from './events.ts';
import { newWebhookSecret, PREVIOUS_SECRET_MS, sealWebhookSecret } from './signing.ts';

export interface WebhookEndpointView {
  readonly id: string;
  readonly organizationId: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly WebhookEventType[];
  readonly status: 'active' | 'disabled';
  readonly disabledReason: string | null;
  readonly consecutiveFailures: number;
  /** Until when the secret before the last rotation still signs (null: only one secret signs). */
  readonly previousSecretUntil: string | null;
  readonly lastDelivery: WebhookDelivery | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function view(e: WebhookEndpoint, last: WebhookDelivery | undefined, now: string): WebhookEndpointView {
  return {
    id: e.id,
    organizationId: e.organizationId,
    url: e.url,
    description: e.description,
    events: e.events.filter(isWebhookEvent),
    status: e.status,
    disabledReason: e.disabledReason,
    consecutiveFailures: e.consecutiveFailures,
    previousSecretUntil: e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt : null,
    lastDelivery: last ?? null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** The organization, if the actor manages its webhooks (403 for another institution's; 404 for no such slug). */
export async function webhookOrganization(deps: Deps, actor: Actor, slug: string): Promise<Organization> {
  const org = await getInstitution(deps, actor, { slug });
  assertAllowed(canManageWebhooks(actor, org), org.kind === 'regents' ? "Only system administrators manage the Regents' webhooks." : "Only this institution's administrators manage its webhooks.");
  return org;
}

/** One of the organization's endpoints; another organization's id reads as not found. */
export async function endpointOf(deps: Deps, org: Organization, endpointId: string): Promise<WebhookEndpoint> {
  const e = await repos(deps.db).webhooks.findEndpoint(endpointId);
  if (!e || e.organizationId !== org.id) throw notFound('The webhook endpoint');
  return e;
}

export async function endpointView(deps: Deps, e: WebhookEndpoint): Promise<WebhookEndpointView> {
  return view(e, (await repos(deps.db).webhooks.lastAttempts([e.id])).get(e.id), nowIso(deps));
}

export async function listWebhookEndpoints(deps: Deps, actor: Actor, input: { slug: string }): Promise<{ organization: Organization; endpoints: WebhookEndpointView[] }> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const r = repos(deps.db);
  const endpoints = await r.webhooks.endpointsOf(org.id);
  const last = await r.webhooks.lastAttempts(endpoints.map((e) => e.id));
  const now = nowIso(deps);
  return { organization: org, endpoints: endpoints.map((e) => view(e, last.get(e.id), now)) };
}

export async function getWebhookEndpoint(deps: Deps, actor: Actor, input: { slug: string; endpointId: string }): Promise<{ organization: Organization; endpoint: WebhookEndpointView }> {
  const org = await webhookOrganization(deps, actor, input.slug);
  return { organization: org, endpoint: await endpointView(deps, await endpointOf(deps, org, input.endpointId)) };
}

/** Events from a form (checkbox values) or the API (an array): at least one, each known. */
function eventsFrom(raw: unknown): WebhookEventType[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' && raw ? [raw] : [];
  const unknown = list.filter((e) => !isWebhookEvent(e));
  if (unknown.length) throw validationError({ events: `Unknown event type: ${unknown.map(String).join(', ')}.` });
  if (list.length === 0) throw validationError({ events: 'Choose at least one event to send.' });
  return WEBHOOK_EVENTS.filter((e) => list.includes(e));
}

function descriptionFrom(raw: unknown): string {
  const d = typeof raw === 'string' ? raw.trim() : '';
  if (d.length > 200) throw validationError({ description: 'Use at most 200 characters.' });
  return d;
}

/** Runs one field's check, collecting its field errors instead of stopping at the first. */
async function collect<T>(fields: Record<string, string>, codes: Set<string>, fallback: T, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    Object.assign(fields, err.fields);
    codes.add(err.code);
    return fallback;
  }
}

/** Every field's problem at once: the address check runs even when the events are missing. */
async function fieldsFrom(deps: Deps, input: { url: unknown; description: unknown; events: unknown }): Promise<{ url: string; description: string; events: WebhookEventType[] }> {
  const fields: Record<string, string> = {};
  const codes = new Set<string>();
  const url = await collect(fields, codes, '', () => checkWebhookUrl(deps, input.url));
  const description = await collect(fields, codes, '', () => descriptionFrom(input.description));
  const events = await collect(fields, codes, [] as WebhookEventType[], () => eventsFrom(input.events));
  if (Object.keys(fields).length) {
    // A refused address keeps its own code: it is the one an API client most needs to tell apart.
    if (codes.has('webhook_url_refused')) throw new DomainError('webhook_url_refused', fields.url ?? 'The address was refused.', fields);
    throw validationError(fields, 'The endpoint was not saved. Correct the fields marked below.');
  }
  return { url, description, events };
}

export async function createWebhookEndpoint(deps: Deps, actor: Actor, input: { slug: string; url: unknown; description?: unknown; events: unknown; ip?: string | null }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const f = await fieldsFrom(deps, { url: input.url, description: input.description, events: input.events });
  const id = newId();
  const secret = newWebhookSecret();
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.webhooks.insertEndpoint({ id, organizationId: org.id, url: f.url, description: f.description, events: f.events, secretSealed: sealWebhookSecret(deps, id, secret), at });
    await audit(tr, { actor, at, action: 'webhook_endpoint.created', subjectType: 'webhook_endpoint', subjectId: id, organizationId: org.id, ip: input.ip, data: { url: f.url, events: f.events, description: f.description } });
  });
  return { endpoint: await endpointView(deps, (await repos(deps.db).webhooks.findEndpoint(id))!), secret };
}

/** Edits the address, description or events; a field left undefined keeps its value. */
export async function updateWebhookEndpoint(deps: Deps, actor: Actor, input: { slug: string; endpointId: string; url?: unknown; description?: unknown; events?: unknown; ip?: string | null }): Promise<WebhookEndpointView> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  const f = await fieldsFrom(deps, { url: input.url ?? e.url, description: input.description ?? e.description, events: input.events ?? e.events });
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.webhooks.updateEndpoint(e.id, { ...f, at });
    await audit(tr, { actor, at, action: 'webhook_endpoint.updated', subjectType: 'webhook_endpoint', subjectId: e.id, organizationId: org.id, ip: input.ip, data: { url: f.url, events: f.events, description: f.description, ...(f.url !== e.url ? { previousUrl: e.url } : {}) } });
  });
  return endpointView(deps, (await repos(deps.db).webhooks.findEndpoint(e.id))!);
}

/** Turns an endpoint off or on; on again starts the failure count from zero. */
export async function setWebhookEndpointStatus(deps: Deps, actor: Actor, input: { slug: string; endpointId: string; status: unknown; ip?: string | null }): Promise<WebhookEndpointView> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  if (input.status !== 'active' && input.status !== 'disabled') throw validationError({ status: 'Choose on or off.' });
  if (e.status !== input.status) {
    const at = nowIso(deps);
    await inTransaction(deps, async (tr) => {
      if (input.status === 'active') await tr.webhooks.enable(e.id, at);
      else await tr.webhooks.disable(e.id, 'Turned off by an administrator.', at);
      await audit(tr, { actor, at, action: input.status === 'active' ? 'webhook_endpoint.enabled' : 'webhook_endpoint.disabled', subjectType: 'webhook_endpoint', subjectId: e.id, organizationId: org.id, ip: input.ip, data: { url: e.url } });
    });
  }
  return endpointView(deps, (await repos(deps.db).webhooks.findEndpoint(e.id))!);
}

/** A new secret, shown once; the old one keeps signing beside it for a day (receivers switch over). */
export async function rotateWebhookSecret(deps: Deps, actor: Actor, input: { slug: string; endpointId: string; ip?: string | null }): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  const secret = newWebhookSecret();
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.webhooks.setSecret(e.id, { sealed: sealWebhookSecret(deps, e.id, secret), previousSealed: e.secretSealed, previousExpiresAt: addMs(at, PREVIOUS_SECRET_MS), at });
    await audit(tr, { actor, at, action: 'webhook_endpoint.secret_rotated', subjectType: 'webhook_endpoint', subjectId: e.id, organizationId: org.id, ip: input.ip, data: { url: e.url } });
  });
  return { endpoint: await endpointView(deps, (await repos(deps.db).webhooks.findEndpoint(e.id))!), secret };
}

/** Removes an endpoint and its delivery log; messages still queued for it are dropped. */
export async function deleteWebhookEndpoint(deps: Deps, actor: Actor, input: { slug: string; endpointId: string; ip?: string | null }): Promise<{ url: string }> {
  const org = await webhookOrganization(deps, actor, input.slug);
  const e = await endpointOf(deps, org, input.endpointId);
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.webhooks.deleteEndpoint(e.id);
    await audit(tr, { actor, at, action: 'webhook_endpoint.deleted', subjectType: 'webhook_endpoint', subjectId: e.id, organizationId: org.id, ip: input.ip, data: { url: e.url, events: e.events } });
  });
  return { url: e.url };
}
