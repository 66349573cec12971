// LTI 1.3 (migration 0013): platform registrations, their deployments, the tool's signing keys, login
// initiations under way, accepted nonces and the placements deep linking created; migration 0014: award
// rules on placements, the students of a placement, and frame sessions.
import type { Generated } from 'kysely';

export interface LtiPlatformsTable {
  id: string;
  organization_id: string;
  name: string;
  issuer: string;
  client_id: string;
  auth_login_url: string;
  auth_token_url: string;
  jwks_url: string;
  status: 'active' | 'disabled';
  registered_via: 'manual' | 'dynamic';
  product_family: string | null;
  token_audience: string | null;
  created_at: string;
  updated_at: string;
}

export interface LtiDeploymentsTable {
  platform_id: string;
  deployment_id: string;
  created_at: string;
}

export interface LtiToolKeysTable {
  id: string;
  private_key_sealed: string;
  public_jwk: string;
  status: 'active' | 'retired';
  created_at: string;
  retired_at: string | null;
}

export interface LtiLoginsTable {
  id: string;
  state_hash: string;
  browser_hash: string | null;
  nonce: string;
  platform_id: string;
  target_link_uri: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  launch: string | null;
  continue_hash: string | null;
  continue_expires_at: string | null;
  finished_at: string | null;
}

export interface LtiNoncesTable {
  platform_id: string;
  nonce: string;
  expires_at: string;
}

export interface LtiPlacementsTable {
  id: string;
  platform_id: string;
  deployment_id: string;
  context_id: string;
  context_title: string;
  resource_link_id: string | null;
  badge_class_id: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
  rule_kind: Generated<'none' | 'score' | 'completion'>;
  rule_threshold: number | null;
  line_item_url: string | null;
  line_item_label: string | null;
  auto_issue: Generated<number>;
  lineitems_url: string | null;
  memberships_url: string | null;
  ags_scopes: string | null;
  rule_updated_by: string | null;
  check_requested_at: string | null;
  checked_at: string | null;
  check_error: string | null;
}

export type LtiLearnerStatus = 'not_yet' | 'qualified' | 'awarded' | 'held' | 'no_email' | 'failed';

export interface LtiLearnersTable {
  placement_id: string;
  user_id: string;
  email: string | null;
  name: string | null;
  score: number | null;
  maximum: number | null;
  status: LtiLearnerStatus;
  award_id: string | null;
  message: string | null;
  qualified_at: string | null;
  updated_at: string;
}

export interface LtiFrameSessionsTable {
  id: string;
  token_hash: string;
  browser_hash: string | null;
  placement_id: string;
  role: 'instructor' | 'learner';
  subject: string;
  email: string | null;
  name: string | null;
  frame_origins: string;
  created_at: string;
  expires_at: string;
}
