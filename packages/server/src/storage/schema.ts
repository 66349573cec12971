// Table types as Kysely sees them. Timestamps are ISO-8601 UTC text and booleans are 0/1 integers on
// both dialects, so rows read the same from SQLite and PostgreSQL and compare correctly as text.
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  kind: 'regents' | 'institution';
  institution_type: string | null;
  website: string | null;
  description: string | null;
  city: string | null;
  status: 'active' | 'inactive';
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  status: 'active' | 'deactivated';
  failed_sign_ins: Generated<number>;
  locked_until: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organization_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  organization_id: string;
  email: string;
  role: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  organization_id: string | null;
  data: string;
  ip: string | null;
}

export interface JobsTable {
  id: string;
  queue: string;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  prefix: string;
  name: string;
  user_id: string | null;
  organization_id: string | null;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OrganizationKeysTable {
  id: string;
  organization_id: string;
  seq: number;
  kind: 'Ed25519';
  public_key_multibase: string;
  secret_sealed: string;
  status: 'active' | 'retired';
  created_at: string;
  retired_at: string | null;
}

export interface StatusListsTable {
  id: string;
  organization_id: string;
  purpose: 'revocation' | 'suspension';
  seq: number;
  length: number;
  allocated: Generated<number>;
  index_stride: number;
  index_offset: number;
  encoded_list: string;
  version: Generated<number>;
  signed_credential: string | null;
  signed_version: number | null;
  signed_key_id: string | null;
  signed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  api_tokens: ApiTokensTable;
  organization_keys: OrganizationKeysTable;
  status_lists: StatusListsTable;
  programs: ProgramsTable;
  endorsements: EndorsementsTable;
  program_revisions: ProgramRevisionsTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  attachments: AttachmentsTable;
  badge_classes: BadgeClassesTable;
  settings: SettingsTable;
  inventory_entries: InventoryEntriesTable;
  inventory_terms: InventoryTermsTable;
  inventory_state: InventoryStateTable;
  inventory_changes: InventoryChangesTable;
  awards: AwardsTable;
  issue_batches: IssueBatchesTable;
  issue_batch_rows: IssueBatchRowsTable;
  earner_emails: EarnerEmailsTable;
  idempotency_keys: IdempotencyKeysTable;
  external_badges: ExternalBadgesTable;
}

export interface ProgramsTable {
  id: string;
  organization_id: string;
  status: 'draft' | 'active' | 'suspended' | 'retired';
  endorsement: 'endorsed' | 'not_endorsed' | null;
  live_revision_id: string | null;
  published_at: string | null;
  rereview_due_at: string | null;
  rereview_notified_at: string | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgramRevisionsTable {
  id: string;
  program_id: string;
  number: number;
  title: string;
  form: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface RequestsTable {
  id: string;
  program_id: string;
  revision_id: string;
  organization_id: string;
  kind: 'new' | 'revision';
  endorsement_requested: number;
  title: string;
  credential_type: string | null;
  state: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
}

export interface RequestEventsTable {
  id: string;
  request_id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  comment: string | null;
}

export interface AttachmentsTable {
  id: string;
  organization_id: string;
  kind: 'letter' | 'badge_image';
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_by: string | null;
  created_at: string;
}

export interface BadgeClassesTable {
  id: string;
  program_id: string;
  organization_id: string;
  revision_id: string;
  name: string;
  description: string;
  criteria: string;
  image_attachment_id: string | null;
  image_alt: string | null;
  expires_after_months: number | null;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

/** The inventory's denormalised facet row per published program (the full-text part is dialect-specific). */
export interface InventoryEntriesTable {
  program_id: string;
  organization_id: string;
  institution_slug: string;
  institution_name: string;
  title: string;
  title_sort: string;
  summary: string;
  endorsement: 'endorsed' | 'not_endorsed';
  credential_type: string | null;
  level: string | null;
  delivery_mode: string | null;
  credit_bearing: number;
  credit_hours: number;
  cost_free: number;
  cost_amount: number | null;
  has_badge: number;
  badge_image_id: string | null;
  focus_areas: string;
  skills: string;
  partners: string;
  published_at: string;
  updated_at: string;
}

export interface InventoryTermsTable {
  term: string;
}

export interface InventoryStateTable {
  id: number;
  version: number;
}

/** One row per inventory version: the program whose entry changed (migration 0007; pruned by the writer). */
export interface InventoryChangesTable {
  version: number;
  program_id: string;
}

// ---- Issuance (migration 0005) ----------------------------------------------------------------------

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
  claim_token_hash: string;
  batch_id: string | null;
  batch_row: number | null;
  reminder_sent_at: string | null;
  notify: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
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
