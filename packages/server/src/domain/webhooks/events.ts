// The webhook events Laurel sends (docs/WEBHOOKS.md describes each payload), the queue their deliveries
// travel on, and the retry schedule. Pure data and arithmetic: no database, no clock.

export const WEBHOOK_QUEUE = 'webhook';

export const WEBHOOK_EVENTS = [
  'award.issued',
  'award.claimed',
  'award.declined',
  'award.revoked',
  'award.expired',
  'request.submitted',
  'request.decided',
  'program.published',
  'program.suspended',
  'program.retired',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Sent only by "Send a test event", to one endpoint, whatever it subscribes to. */
export const TEST_EVENT = 'webhook.test';

export const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'award.issued': 'A badge was issued (one by one, by CSV or through the API).',
  'award.claimed': 'The recipient accepted the badge into their portfolio.',
  'award.declined': 'The recipient declined the badge.',
  'award.revoked': 'The issuer revoked the badge (also when a re-issue replaced it).',
  'award.expired': 'The badge reached its expiry date.',
  'request.submitted': 'A program request was submitted or resubmitted for review.',
  'request.decided': 'A program request was approved, denied, listed or not listed.',
  'program.published': 'A program (or a new revision of it) went live in the inventory.',
  'program.suspended': 'A program was suspended.',
  'program.retired': 'A program was retired.',
};

export function isWebhookEvent(v: unknown): v is WebhookEventType {
  return typeof v === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(v);
}

/** Events about requests and programs reach the Regents' endpoints too: the Regents see every request. */
export function regentsSee(type: string): boolean {
  return type.startsWith('request.') || type.startsWith('program.');
}

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

/** The Standard Webhooks recommended schedule: the wait after the 1st, 2nd… failed attempt. */
export const RETRY_DELAYS_MS: readonly number[] = [5 * S, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR];
/** A delivery is retried for this long after the event; the last attempt is at the end of it. */
export const RETRY_WINDOW_MS = 3 * 24 * HOUR;
/** An endpoint is disabled after this many failed attempts in a row, across its deliveries. */
export const MAX_CONSECUTIVE_FAILURES = 50;

/**
 * When to try a delivery again after its `failures`-th failed attempt at `now`, or null to give up: the
 * schedule's next wait (10 h once it runs out), never past the window, and nothing once the window's
 * end has been tried.
 */
export function nextAttemptAt(o: { createdAt: string; failures: number; now: Date }): Date | null {
  const end = Date.parse(o.createdAt) + RETRY_WINDOW_MS;
  if (o.now.getTime() >= end) return null;
  const wait = RETRY_DELAYS_MS[Math.min(o.failures, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS.at(-1)!;
  return new Date(Math.min(o.now.getTime() + wait, end));
}
