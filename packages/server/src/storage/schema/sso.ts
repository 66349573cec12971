// Single sign-on: identity providers, the identities they vouch for, sign-ins under way, replays.
export interface IdentityProvidersTable {
  id: string;
  organization_id: string;
  protocol: 'saml' | 'oidc';
  name: string;
  status: 'active' | 'disabled';
  settings: string;
  secrets_sealed: string | null;
  mapping: string;
  created_at: string;
  updated_at: string;
}

export interface SsoIdentitiesTable {
  id: string;
  idp_id: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface SsoLoginsTable {
  id: string;
  state_hash: string;
  browser_hash: string;
  idp_id: string;
  request_id: string | null;
  nonce: string | null;
  code_verifier: string | null;
  next: string;
  created_at: string;
  expires_at: string;
  verified_at: string | null;
  user_id: string | null;
  session_facts: string | null;
  used_at: string | null;
}

export interface SsoReplaysTable {
  key: string;
  expires_at: string;
}
