// Programs and the review workflow: programs, revisions, requests and their events, attachments, badge
// classes, settings.

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

export interface RequestSavedFieldsTable {
  request_id: string;
  field: string;
  at: string;
}

export interface RequestReviewSnapshotsTable {
  id: string;
  request_id: string;
  event_id: string;
  form: string;
  at: string;
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
