// One delivery attempt (the WEBHOOK_QUEUE job handler's work): sign the stored body, POST it through the
// SSRF-guarded fetch (no redirects followed, 10 s), record the answer, and say whether and when to try
// again (the Standard Webhooks schedule, for 3 days). An endpoint that keeps failing — one delivery for
// the whole window, or MAX_CONSECUTIVE_FAILURES attempts in a row — is turned off, audited, and its
// organization's admins are emailed, in the transaction that records the last failure.
//
// At-least-once: a process killed after the POST but before the record leaves the job leased; it runs
// again after the lease and the receiver sees the same webhook-id twice (receivers dedupe by it).
import { RemoteFetchFailed, RemoteFetchRefused } from '../../net/safe-fetch.ts';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../storage/repositories/webhooks.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { composeEmail, queueEmail } from '../email.ts';
import type { DeliveryJob } from './emit.ts';
import { MAX_CONSECUTIVE_FAILURES, nextAttemptAt } from './events.ts';
import { signedHeaders, signingSecrets } from './signing.ts';

export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  /** Nothing to do: delivered or stopped meanwhile, or its endpoint is gone. */
  | { readonly kind: 'skipped' }
  | { readonly kind: 'retry'; readonly at: Date; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string };

export type WebhookFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What a receiver said, as the delivery log shows it. */
interface Answer {
  readonly status: number | null;
  readonly error: string | null;
}

/** The deadline of the fetch the composition root hands in (createGuardedFetch timeoutMs). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

async function post(fetch: WebhookFetch, e: WebhookEndpoint, headers: Record<string, string>, body: string): Promise<Answer> {
  try {
    const res = await fetch(e.url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Laurel-Webhooks/1.0' }, body, redirect: 'manual' });
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null };
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
    const why = res.status >= 300 && res.status < 400 ? 'a redirect, which Laurel does not follow' : 'not a 2xx status';
    return { status: res.status, error: `The receiver answered ${res.status} (${why})${text ? `: ${text}` : '.'}` };
  } catch (err) {
    // The guard's reasons stay out of the log (they would tell port states apart); these three do not.
    if (err instanceof RemoteFetchRefused) return { status: null, error: 'Laurel does not send to this address: it is not a public http(s) address.' };
    if (err instanceof RemoteFetchFailed && /within|timeout/i.test(err.reason ?? '')) return { status: null, error: `No complete answer within ${WEBHOOK_TIMEOUT_MS / 1000} seconds.` };
    return { status: null, error: 'The connection to the receiver failed.' };
  }
}

/**
 * The delivery job's work, bound once to its dependencies (the composition root makes one per process):
 * the repositories are built once, not per message, since a fan-out runs this thousands of times.
 */
export function createWebhookDeliverer(deps: Deps, opts: { fetch?: WebhookFetch } = {}): (job: DeliveryJob) => Promise<DeliveryOutcome> {
  const r = repos(deps.db);
  const fetch = opts.fetch ?? deps.fetch;
  // Opened secrets per endpoint, keyed by the sealed values (a rotation is seen at once) and by whether
  // the previous secret still signs (it stops at its expiry).
  const opened = new Map<string, { key: string; secrets: string[] }>();
  const secretsOf = (e: WebhookEndpoint, at: Date): string[] => {
    const previousSigns = e.previousSecretExpiresAt !== null && at.getTime() < Date.parse(e.previousSecretExpiresAt);
    const key = `${e.secretSealed} ${previousSigns ? e.previousSecretSealed : ''}`;
    const hit = opened.get(e.id);
    if (hit && hit.key === key) return hit.secrets;
    const secrets = signingSecrets(deps, e, at);
    if (opened.size > 1000) opened.clear();
    opened.set(e.id, { key, secrets });
    return secrets;
  };
  return async (job) => {
    const found = await r.webhooks.deliveryWithEndpoint(job.deliveryId);
    if (!found || found.delivery.nextAttemptAt === null) return { kind: 'skipped' };
    const { delivery: d, endpoint: e } = found;
    if (e.status !== 'active') {
      await r.webhooks.abandon(d.id, 'Not sent: the endpoint is turned off. Redeliver it once the endpoint is on again.');
      return { kind: 'skipped' };
    }
    const at = deps.clock();
    const headers = signedHeaders(secretsOf(e, at), { msgId: d.id, at, body: d.payload });
    const answer = await post(fetch, e, headers, d.payload);
    if (answer.error === null) {
      // The common case in one statement, without a transaction. The failure count goes back to zero
      // when it was not zero as this delivery started (a failure recorded meanwhile by another delivery
      // is reset by the next success: the count is "about 50 in a row", not exact under concurrency).
      if ((await r.webhooks.recordAttempt(d.id, { at: at.toISOString(), status: answer.status, error: null, delivered: true, nextAttemptAt: null })) && e.consecutiveFailures > 0) await r.webhooks.resetFailures(e.id);
      return { kind: 'delivered', status: answer.status ?? 200 };
    }
    return recordFailure(deps, { d, e, answer: { status: answer.status, error: answer.error }, at, manual: job.manual === true });
  };
}

/** One delivery attempt now (tests, and anything that delivers outside the worker). */
export function deliverWebhook(deps: Deps, job: DeliveryJob, opts: { fetch?: WebhookFetch } = {}): Promise<DeliveryOutcome> {
  return createWebhookDeliverer(deps, opts)(job);
}

async function recordFailure(deps: Deps, o: { d: WebhookDelivery; e: WebhookEndpoint; answer: { status: number | null; error: string }; at: Date; manual: boolean }): Promise<DeliveryOutcome> {
  const { d, e, answer } = o;
  const atIso = o.at.toISOString();
  // A manual redelivery is one attempt; the automatic ones follow the schedule within the window.
  const next = o.manual ? null : nextAttemptAt({ createdAt: d.createdAt, failures: d.attempts + 1, now: o.at });
  const disabled = await inTransaction(deps, async (tr) => {
    if (!(await tr.webhooks.recordAttempt(d.id, { at: atIso, status: answer.status, error: answer.error, delivered: false, nextAttemptAt: next?.toISOString() ?? null }))) return false;
    const failures = await tr.webhooks.countFailure(e.id);
    const reason =
      failures >= MAX_CONSECUTIVE_FAILURES
        ? `Turned off after ${failures} failed deliveries in a row.`
        : next === null && !o.manual
          ? 'Turned off: one message could not be delivered for 3 days.'
          : null;
    return reason !== null && (await disableForFailures(deps, tr, { e, reason, lastError: answer.error, at: atIso }));
  });
  if (disabled) deps.wake();
  return next ? { kind: 'retry', at: next, error: answer.error } : { kind: 'failed', error: answer.error };
}

/** Turns the endpoint off (once, whichever process notices first), audits it and emails the admins. */
async function disableForFailures(deps: Deps, tr: Repos, o: { e: WebhookEndpoint; reason: string; lastError: string; at: string }): Promise<boolean> {
  if (!(await tr.webhooks.disable(o.e.id, o.reason, o.at))) return false;
  await audit(tr, { actor: SYSTEM, at: o.at, action: 'webhook_endpoint.disabled', subjectType: 'webhook_endpoint', subjectId: o.e.id, organizationId: o.e.organizationId, data: { url: o.e.url, reason: o.reason, lastError: o.lastError } });
  const org = await tr.organizations.findById(o.e.organizationId);
  if (!org) return true;
  const admins = org.kind === 'regents' ? await tr.memberships.usersWithRole('system_admin') : await tr.memberships.usersWithRole('institution_admin', org.id);
  const page = `${deps.config.publicUrl}/admin/institutions/${org.slug}/webhooks/${o.e.id}`;
  for (const id of new Set(admins)) {
    const u = await tr.users.findById(id);
    if (!u || u.status !== 'active') continue;
    const message = composeEmail({
      to: u.email,
      subject: `A webhook endpoint of ${org.name} was turned off`,
      greeting: `Hello ${u.name},`,
      paragraphs: [
        `Laurel turned off the webhook endpoint ${o.e.url} of ${org.name}. ${o.reason}`,
        `The last answer was: ${o.lastError}`,
        'No events are sent to it while it is off. Fix the receiver, turn the endpoint on again, and redeliver the messages it missed from its delivery log.',
      ],
      action: { label: 'Open the endpoint', url: page },
    });
    await queueEmail(tr, message, o.at);
  }
  return true;
}
