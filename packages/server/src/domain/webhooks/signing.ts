// Endpoint secrets and signatures (Standard Webhooks, with the `standardwebhooks` library): a secret is
// `whsec_` + base64 of 32 random bytes, stored sealed with the secret box bound to the endpoint id (a
// sealed secret copied onto another endpoint's row does not open). After a rotation the previous secret
// keeps signing beside the new one for a day, so a receiver can switch without refusing messages.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Deps } from '../deps.ts';
import type { WebhookEndpoint } from '../../storage/repositories/webhooks.ts';

/** How long the old secret still signs after a rotation. */
export const PREVIOUS_SECRET_MS = 24 * 3_600_000;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function sealContext(endpointId: string): string {
  return `laurel:webhook_endpoint:${endpointId}`;
}

export function sealWebhookSecret(deps: Pick<Deps, 'secrets'>, endpointId: string, secret: string): string {
  return deps.secrets.seal(secret, sealContext(endpointId));
}

/** The secrets that sign now: the current one, and the previous one while it is still honoured. */
export function signingSecrets(deps: Pick<Deps, 'secrets'>, e: Pick<WebhookEndpoint, 'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'>, now: Date): string[] {
  const out = [deps.secrets.open(e.secretSealed, sealContext(e.id))];
  if (e.previousSecretSealed && e.previousSecretExpiresAt && Date.parse(e.previousSecretExpiresAt) > now.getTime()) out.push(deps.secrets.open(e.previousSecretSealed, sealContext(e.id)));
  return out;
}

/** The three Standard Webhooks headers for one attempt (`webhook-signature` holds one `v1,…` per secret). */
export function signedHeaders(secrets: readonly string[], o: { msgId: string; at: Date; body: string }): Record<string, string> {
  return {
    'webhook-id': o.msgId,
    'webhook-timestamp': String(Math.floor(o.at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(o.msgId, o.at, o.body)).join(' '),
  };
}
