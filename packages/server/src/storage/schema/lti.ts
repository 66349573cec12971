// LTI 1.3 (migration 0013): platform registrations, their deployments, the tool's signing keys, login
// initiations under way, accepted nonces and the placements deep linking created.
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
}
