// The OAuth 2.0 authorization server's tables (migration 0016): oidc-provider's artefacts, and its key.
export interface OauthModelsTable {
  kind: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  account_id: string | null;
  client_id: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

export interface OauthKeysTable {
  id: string;
  private_jwk_sealed: string;
  created_at: string;
}
