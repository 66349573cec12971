// Issuance (migration 0005): awards, bulk batches, earners' emails, idempotency keys, imported badges,
// endorsements.

export interface AwardsTable {
  id: string;
  organization_id: string;
  badge_class_id: string;
  credential_id: string;
  recipient_email: string;
  recipient_name: string;
  issuer_earner_id: string | null;
  earner_user_id: string | null;
  issued_at: string;
  expires_at: string | null;
  evidence_url: string | null;
  evidence_narrative: string | null;
  claim_state: 'pending' | 'accepted' | 'declined';
  /** When the current claim link was emailed (migration 0008); null for awards from before it. */
  claim_sent_at: string | null;
  claimed_at: string | null;
  visibility: 'private' | 'public';
  revoked_at: string | null;
  revocation_reason: string | null;
  suspended_at: string | null;
  suspension_reason: string | null;
  status_list_seq: number;
  status_index: number;
  /** The signed OpenBadgeCredential, byte for byte as signed. */
  credential: string;
  /** Migration 0015: the award's VC-JWTs (RS256, ES256), signed once; null until then. */
  jwt_rs256: string | null;
  jwt_es256: string | null;
  claim_token_hash: string;
  batch_id: string | null;
  batch_row: number | null;
  reminder_sent_at: string | null;
  notify: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 0021: the register's search terms of each award (repositories/award-terms.ts). */
export interface AwardTermsTable {
  organization_id: string;
  term: string;
  award_id: string;
}

export interface IssueBatchesTable {
  id: string;
  organization_id: string;
  badge_class_id: string;
  filename: string;
  status: 'preview' | 'queued' | 'done' | 'cancelled';
  reissue: number;
  notify: number;
  total_rows: number;
  invalid_rows: number;
  created_by: string | null;
  /** Who confirmed the batch (JSON), so the background job audits as them. */
  actor: string;
  created_at: string;
  confirmed_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface IssueBatchRowsTable {
  batch_id: string;
  row_number: number;
  data: string;
  status: 'invalid' | 'pending' | 'issued' | 'failed';
  message: string | null;
  award_id: string | null;
  updated_at: string;
}

export interface EarnerEmailsTable {
  id: string;
  user_id: string;
  email: string;
  token_hash: string | null;
  verified_at: string | null;
  created_at: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: string;
}

export interface ExternalBadgesTable {
  id: string;
  user_id: string;
  format: string;
  version: string;
  name: string;
  issuer_name: string;
  issued_at: string | null;
  expires_at: string | null;
  outcome: string;
  report: string;
  credential: string;
  visibility: 'private' | 'public';
  created_at: string;
  credential_id: string | null;
  updated_at: string | null;
}

export interface EndorsementsTable {
  id: string;
  program_id: string;
  /** The signed EndorsementCredential, byte-for-byte as signed. */
  credential: string;
  status_list_seq: number;
  status_index: number;
  created_at: string;
  revoked_at: string | null;
  revocation_reason: string | null;
}

/** Revoke / suspend by CSV (migration 0008): a file, then one row per line, applied by background jobs. */
export interface StatusBatchesTable {
  id: string;
  organization_id: string;
  action: 'revoke' | 'suspend';
  filename: string;
  status: 'preview' | 'queued' | 'done';
  total_rows: number;
  invalid_rows: number;
  created_by: string | null;
  /** Who confirmed the file (JSON), so the background jobs audit as them. */
  actor: string;
  created_at: string;
  confirmed_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface StatusBatchRowsTable {
  batch_id: string;
  row_number: number;
  /** The award id as written in the file (it may name no award: the row is then invalid). */
  award_id: string;
  reason: string;
  status: 'invalid' | 'pending' | 'applied' | 'failed';
  message: string | null;
  updated_at: string;
}
