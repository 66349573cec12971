// Signed webhooks (migration 0012): endpoints, deliveries (one message to one endpoint) and scan cursors.
import type { Generated } from 'kysely';

export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  description: Generated<string>;
  /** JSON array of event types. */
  events: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  consecutive_failures: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_type: string;
  /** The exact JSON body that is signed and sent. */
  payload: string;
  created_at: string;
  attempts: Generated<number>;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  next_attempt_at: string | null;
}

export interface WebhookCursorsTable {
  name: string;
  value: string;
  updated_at: string;
}
