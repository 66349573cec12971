// A real OpenID Provider for tests: the certified `oidc-provider` on 127.0.0.1 (random port, plain http),
// with its own RSA and EC signing keys, the clients and people a test names, PKCE required, and a real
// login: the interaction URL shows an HTML sign-in page (labelled fields, a "Sign in" button, lang, title
// and a main landmark, so it can pass axe in the browser tests) and its POST checks the configured
// people. Consent is granted without a page (the `loadExistingGrant` recipe of oidc-provider): campus
// single sign-on for a first-party service asks nobody to consent. RP-initiated logout (end_session) is on.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface OpUser {
  readonly username: string;
  readonly password: string;
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly groups?: readonly string[];
}

export interface OpClient {
  readonly clientId: string;
  /** Absent: a public client (token endpoint auth "none", PKCE only). */
  readonly clientSecret?: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
}

export interface RunningOp {
  /** The issuer identifier, `http://127.0.0.1:<port>`: discovery is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /**
   * The OP's signing keys, private parts included (`kid` "op-rsa" RS256 and "op-ec" ES256): a test may
   * sign a token the OP's own JWKS accepts, to check one claim at a time.
   */
  readonly jwks: { readonly keys: readonly JWK[] };
  /** Registers another client (a relying party whose redirect URI is known only once it is configured). Call before its flows start. */
  addClient(client: OpClient): void;
  close(): Promise<void>;
}

/** Every scope the OP knows and the claims each one releases; `groups` is an array claim. */
const CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'groups'],
  groups: ['groups'],
};
const ALL_SCOPES = Object.keys(CLAIMS).join(' ');

async function signingKeys(): Promise<JWK[]> {
  const rsa = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const ec = await generateKeyPair('ES256', { extractable: true });
  return [
    { ...(await exportJWK(rsa.privateKey)), kid: 'op-rsa', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.privateKey)), kid: 'op-ec', alg: 'ES256', use: 'sig' },
  ];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in page of the test OP. Plain, valid, accessible HTML. */
function loginPage(uid: string, o: { clientId: string; error?: string; username?: string }): string {
  const error = o.error ? `<p role="alert" id="error">${escapeHtml(o.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in – Test campus identity provider</title></head>
<body>
<main>
<h1>Sign in to continue to ${escapeHtml(o.clientId)}</h1>
${error}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required value="${escapeHtml(o.username ?? '')}"${o.error ? ' aria-describedby="error"' : ''}></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
</main>
</body>
</html>`;
}

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function configuration(users: readonly OpUser[], clients: readonly OpClient[], keys: JWK[]): Record<string, unknown> {
  return {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' } : { token_endpoint_auth_method: 'none' }),
      redirect_uris: [...c.redirectUris],
      post_logout_redirect_uris: [...(c.postLogoutRedirectUris ?? [])],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: CLAIMS,
    pkce: { required: () => true },
    // Seconds; set so oidc-provider does not ask for them at every sign-in.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const u = users.find((x) => x.sub === sub);
      if (!u) return undefined;
      return {
        accountId: u.sub,
        claims: async () => ({ sub: u.sub, email: u.email, email_verified: true, name: u.name, ...(u.groups ? { groups: [...u.groups] } : {}) }),
      };
    },
    // Consent without a page: the grant (existing or new) always covers every scope the OP knows.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, result, provider } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      grant.addOIDCScope(ALL_SCOPES);
      await grant.save();
      return grant;
    },
  };
}

/** The interaction routes (`/interaction/:uid` and its `/login`); false when the request is the OP's own. */
async function interaction(provider: Provider, users: readonly OpUser[], req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', 'http://op').pathname);
  if (!m) return false;
  const details = await provider.interactionDetails(req, res);
  const clientId = String(details.params.client_id ?? '');
  const html = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  if (details.prompt.name !== 'login') {
    // The grant is loaded by loadExistingGrant, so consent is never asked; anything else is a test bug.
    html(500, `<!doctype html><html lang="en"><title>Unexpected prompt</title><main><h1>Unexpected prompt ${escapeHtml(details.prompt.name)}</h1></main></html>`);
    return true;
  }
  if (req.method === 'GET' && !m[2]) {
    html(200, loginPage(details.uid, { clientId }));
    return true;
  }
  if (req.method === 'POST' && m[2]) {
    const form = await readForm(req);
    const user = users.find((u) => u.username === form.get('username') && u.password === form.get('password'));
    if (!user) {
      html(200, loginPage(details.uid, { clientId, error: 'That username and password do not match.', username: form.get('username') ?? '' }));
      return true;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return true;
  }
  res.writeHead(405).end();
  return true;
}

export async function startOidcProvider(opts: { users: readonly OpUser[]; clients: readonly OpClient[] }): Promise<RunningOp> {
  const keys = await signingKeys();
  let provider: Provider | undefined;
  let callback: ReturnType<Provider['callback']> | undefined;
  const server = http.createServer((req, res) => {
    interaction(provider!, opts.users, req, res)
      .then((handled) => {
        if (!handled) callback!(req, res);
      })
      .catch((e: Error) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`Interaction failed: ${e.message}`);
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = [...opts.clients];
  const build = () => {
    provider = new Provider(issuer, configuration(opts.users, clients, keys));
    callback = provider.callback();
  };
  build();
  return {
    issuer,
    jwks: { keys },
    addClient(client: OpClient) {
      // Clients are static configuration in oidc-provider: a new instance on the same keys and port.
      clients.push(client);
      build();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
