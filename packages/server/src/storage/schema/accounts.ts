// Organizations, people and their access: accounts, sessions, invitations, audit, jobs, tokens, keys,
// status lists.
import type { ColumnType, Generated } from 'kysely';

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
  /** 0: members sign in only through the organization's identity providers. */
  password_sign_in: Generated<number>;
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
  /** 'en' | 'es' | null (not chosen); migration 0031. */
  language: string | null;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organization_id: string;
  role: string;
  created_at: string;
  /** 'sso:<idp id>' when an identity provider's mapping granted the role; null when granted by hand. */
  source: string | null;
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
  mfa_enrol_required: Generated<number>;
  sso_idp_id: string | null;
  sso_name_id: string | null;
  /** JSON: what single logout needs (SAML NameID format and SessionIndex; OIDC id_token). */
  sso_facts: string | null;
}

export interface UserMfaTable {
  user_id: string;
  secret_sealed: string;
  enabled_at: string | null;
  last_step: number | null;
  created_at: string;
  updated_at: string;
}

export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface MfaChallengesTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
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
  /** Migration 0030: when personal data was last removed from this event (deletion or retention); null if never. */
  redacted_at: string | null;
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
  /** Migration 0015: the set's RS256 / ES256 keys (public JWK JSON, sealed private JWK); null before. */
  rsa_public_jwk: string | null;
  rsa_secret_sealed: string | null;
  p256_public_jwk: string | null;
  p256_secret_sealed: string | null;
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

/** A registered passkey (migration 0011). counter is bigint: PostgreSQL hands it back as a string. */
export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  public_key: string;
  counter: ColumnType<number | string, number, number>;
  transports: string;
  device_type: string;
  backed_up: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface WebauthnChallengesTable {
  id: string;
  user_id: string;
  challenge: string;
  purpose: string;
  bound_to: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
