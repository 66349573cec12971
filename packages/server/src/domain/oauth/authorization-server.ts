// Laurel's OAuth 2.0 authorization server for the Open Badges 3.0 API (issue #15 item 1), built on
// `oidc-provider` (certified, maintained; it implements RFC 6749, 7591 dynamic client registration, 7636
// PKCE, 7009 revocation, 8707 resource indicators and 9207 `iss`) rather than hand-written OAuth. What
// Laurel decides is only policy: which scopes exist, that every client must use PKCE (S256), that
// refresh tokens go to every client registered for them, that each authorization asks the earner on
// Laurel's own consent page (/connect/:uid), and that the access token is opaque, stored in the database
// and good for the OB API's resource only. State lives in the database (adapter.ts), so any app process
// can answer any step, and a restart loses nothing.
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { repos } from '../../storage/repositories/index.ts';
import { nowIso, type Deps } from '../deps.ts';
import { databaseAdapter } from './adapter.ts';
import { OB_SCOPES } from './scopes.ts';

export const OAUTH_PREFIX = '/oauth';
export const OB_API_PREFIX = '/ims/ob/v3p0';
const KEY_ID = 'oauth-1';

export interface AuthorizationServer {
  readonly provider: Provider;
  /** The issuer identifier: `<public URL>/oauth`. */
  readonly issuer: string;
  /** The OB API's resource indicator (RFC 8707), the audience of every access token. */
  readonly resource: string;
  readonly endpoints: { readonly authorization: string; readonly token: string; readonly registration: string; readonly revocation: string };
  /** oidc-provider's request handler, for the URL with OAUTH_PREFIX stripped (`originalUrl` keeps the whole). */
  readonly handle: ReturnType<Provider['callback']>;
}

export interface AuthorizationServerOptions {
  /** Keys oidc-provider signs its cookies with, derived from the master key by the composition root. */
  readonly cookieKeys: readonly string[];
  /** The HTML of an error page the library shows the browser (bad client, bad redirect URI…). */
  readonly renderError: (e: { error: string; description: string }) => string;
  readonly log: { error(obj: unknown, msg: string): void };
  readonly trustProxy: boolean;
}

/** The server's signing key (RS256), made once and sealed; a second process racing to make it reads the first's. */
async function signingKey(deps: Pick<Deps, 'db' | 'secrets' | 'clock'>): Promise<JWK> {
  const r = repos(deps.db);
  let k = await r.oauthKeys.current();
  if (!k) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const jwk = { ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
    await r.oauthKeys.insertFirst({ id: KEY_ID, sealed: deps.secrets.seal(JSON.stringify(jwk), `oauth_keys:${KEY_ID}`), createdAt: nowIso(deps) });
    k = await r.oauthKeys.current();
  }
  return JSON.parse(deps.secrets.open(k!.sealed, `oauth_keys:${k!.id}`)) as JWK;
}

const DAY = 86_400;

function configuration(deps: Deps, opts: AuthorizationServerOptions, o: { resource: string; key: JWK; errors: typeof import('oidc-provider').errors }): Record<string, unknown> {
  const { resource, key, errors } = o;
  const secure = deps.config.secureCookies;
  return {
    adapter: databaseAdapter(deps),
    clients: [],
    jwks: { keys: [key] },
    cookies: {
      keys: [...opts.cookieKeys],
      long: { signed: true, httpOnly: true, sameSite: 'lax', secure },
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure },
      names: { session: 'laurel_oauth_session', interaction: 'laurel_oauth_interaction', resume: 'laurel_oauth_resume', state: 'laurel_oauth_state' },
    },
    scopes: ['openid', 'offline_access', ...OB_SCOPES],
    claims: { openid: ['sub'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic', scope: OB_SCOPES.join(' ') },
    extraClientMetadata: { properties: ['software_id', 'software_version'] },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget(`The only resource here is ${resource}.`);
          return { scope: OB_SCOPES.join(' '), accessTokenFormat: 'opaque', accessTokenTTL: 3600 };
        },
      },
    },
    // A refresh token for every client registered with the refresh_token grant (OB 3.0 clients do not ask for offline_access).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    // Each authorization is asked of the earner on Laurel's page: only the grant the page just made is loaded.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: async (_ctx: unknown, id: string) => {
      const u = await repos(deps.db).users.findById(id);
      if (!u || u.status !== 'active') return undefined;
      return { accountId: id, claims: async () => ({ sub: id }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/connect/${interaction.uid}` },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, RefreshToken: 30 * DAY, Grant: 365 * DAY, Interaction: 3600, Session: 14 * DAY, IdToken: 3600 },
    renderError: (ctx: { type: string; body: string }, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = opts.renderError({ error: out.error ?? 'server_error', description: out.error_description ?? 'The request could not be completed.' });
    },
  };
}

export async function createAuthorizationServer(deps: Deps, opts: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const base = deps.config.publicUrl.replace(/\/$/, '');
  const issuer = `${base}${OAUTH_PREFIX}`;
  const resource = `${base}${OB_API_PREFIX}`;
  // Loaded on first use, not at start-up: most processes (the CLI, a node that never sees an OB client) never need it.
  const { default: OidcProvider, errors } = await import('oidc-provider');
  const provider = new OidcProvider(issuer, configuration(deps, opts, { resource, key: await signingKey(deps), errors }));
  provider.proxy = opts.trustProxy;
  provider.on('server_error', (_ctx, err) => opts.log.error({ err }, 'OAuth authorization server error'));
  return {
    provider,
    issuer,
    resource,
    endpoints: { authorization: `${issuer}/auth`, token: `${issuer}/token`, registration: `${issuer}/reg`, revocation: `${issuer}/token/revocation` },
    handle: provider.callback(),
  };
}
