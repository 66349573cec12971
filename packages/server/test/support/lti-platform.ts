// A real LTI 1.3 platform for tests, on 127.0.0.1 (random port, plain http): its own RSA signing key and
// JWKS, OIDC third-party login initiation (it hands the test the form or link its page would send the
// browser to the tool), an authentication endpoint that checks the tool's authentication request and
// answers with the auto-post form of a signed id_token (LtiResourceLinkRequest or LtiDeepLinkingRequest,
// Canvas or Moodle claims: lti-platform-claims.ts), a deep-linking return URL that verifies the tool's
// LtiDeepLinkingResponse against the tool's JWKS, and LTI Dynamic Registration (an OpenID configuration
// and a registration endpoint that checks and records the tool's registration, then trusts it). Its
// LTI Advantage services — the token endpoint, AGS line items and results, NRPS memberships, over course
// data the test controls — are in lti-platform-services.ts; launches carry their claims. For a browser,
// coursePage() gives the address of a course page of the platform with the tool in an iframe, as an LMS
// shows it: the page starts a fresh login initiation in the frame each time it is opened.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, UnsecuredJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { launchClaims, type LaunchSpec, type PlatformDialect } from './lti-platform-claims.ts';
import { ALL_SERVICE_SCOPES, createPlatformServices, type ServiceFault, type ServiceRequest, type TestCourse } from './lti-platform-services.ts';

export type { LaunchSpec, PlatformDialect, PlatformUser } from './lti-platform-claims.ts';
export { ALL_SERVICE_SCOPES, SERVICE_SCOPE, type CourseMemberSpec, type LineItemSpec, type ServiceFault, type ServiceRequest, type TestCourse } from './lti-platform-services.ts';

export interface ToolClient {
  readonly clientId: string;
  readonly deploymentIds: string[];
  readonly loginUrl: string;
  readonly redirectUris: readonly string[];
  readonly toolJwksUrl: string;
  readonly targetLinkUri: string;
}

export interface ReceivedDeepLink {
  readonly payload: JWTPayload;
  readonly kid: string | undefined;
  readonly contentItems: Array<Record<string, unknown>>;
}

export interface RunningLtiPlatform {
  readonly dialect: PlatformDialect;
  /** `http://127.0.0.1:<port>`; the OpenID configuration is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly clients: Map<string, ToolClient>;
  /** Tool registrations received by dynamic registration, as posted. */
  readonly registrations: Array<Record<string, unknown>>;
  readonly deepLinks: ReceivedDeepLink[];
  /** Every authentication request the tool sent, as parameters. */
  readonly authRequests: Array<Record<string, string>>;
  addClient(c: ToolClient): void;
  /** A one-time registration token and the URL the platform opens the tool's registration page with. */
  startRegistration(toolRegistrationUrl: string): { url: string; token: string };
  /** The login initiation the platform's page sends the browser to: Canvas posts a form, Moodle links. */
  initiate(spec: LaunchSpec): { method: 'GET' | 'POST'; url: string; form: Record<string, string> };
  /**
   * The address of the platform's course page for the launch: a plain page with the tool in an iframe,
   * whose every load starts a new login initiation in the frame (Canvas: a form posted into the frame by
   * the page's own script; Moodle: the frame's src).
   */
  coursePage(spec: LaunchSpec): string;
  /** The course's data the services serve (members, line items, results), made on first use. */
  course(contextId: string): TestCourse;
  /** POSTs to the token endpoint so far, granted or refused (a test of token caching counts them). */
  readonly tokenRequests: number;
  /** Every request to the line item, result and membership endpoints, in order. */
  readonly serviceRequests: readonly ServiceRequest[];
  /** Until set back to null, the service endpoints (after the token check) answer 500, an HTML page, or a next link to another origin. */
  setServiceFault(fault: ServiceFault | null): void;
  close(): Promise<void>;
}

interface Pending {
  readonly spec: LaunchSpec;
  readonly client: ToolClient;
  readonly deploymentId: string;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The auto-post page a platform answers the authentication request with (response_mode form_post). */
function autoPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><title>Launching</title></head><body><main><form method="post" action="${escape(action)}">${inputs}<button>Continue</button></form></main><script>document.forms[0].submit()</script></body></html>`;
}

/** A course page of the platform with the tool in an iframe; Canvas posts the login initiation into it. */
function coursePageHtml(spec: LaunchSpec, init: { method: 'GET' | 'POST'; url: string; form: Record<string, string> }): string {
  const title = `${spec.resourceLink?.title ?? 'Add content'} · ${spec.context.title}`;
  const frame = `<iframe name="tool-frame" title="${escape(spec.resourceLink?.title ?? 'Laurel')}" ${init.method === 'GET' ? `src="${escape(init.url)}" ` : ''}style="width:100%;height:1100px;border:1px solid #767676"></iframe>`;
  const post =
    init.method === 'POST'
      ? `<form method="post" action="${escape(init.url)}" target="tool-frame">${Object.entries(init.form)
          .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
          .join('')}</form><script>document.forms[0].submit()</script>`
      : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="margin:0;font-family:sans-serif"><header style="background:#2d3b45;color:#fff;padding:8px 16px">${escape(spec.context.label)} · ${escape(spec.context.title)}</header><main style="padding:8px 16px"><h1 style="font-size:1.25rem">${escape(title)}</h1>${frame}${post}</main></body></html>`;
}

/** The platform's OpenID configuration (LTI Dynamic Registration §3.5), its scopes those the token endpoint grants. */
function openidConfiguration(issuer: string, opts: { dialect: PlatformDialect; configuredIssuer?: string; serviceScopes?: readonly string[] }): Record<string, unknown> {
  return {
    issuer: opts.configuredIssuer ?? issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    registration_endpoint: `${issuer}/register`,
    scopes_supported: ['openid', ...(opts.serviceScopes ?? ALL_SERVICE_SCOPES)],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    claims_supported: ['iss', 'sub', 'aud', 'name', 'given_name', 'family_name', 'email'],
    'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: opts.dialect, version: opts.dialect === 'canvas' ? 'cloud' : '4.4', messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] }] },
  };
}

/** Dynamic registration: the one-time token, the tool's metadata checked, a new client trusted. */
function register(p: { tokens: Set<string>; registrations: Array<Record<string, unknown>>; clients: Map<string, ToolClient> }, auth: string | undefined, body: Record<string, unknown>): { status: number; json: unknown } {
  const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
  if (!token || !p.tokens.delete(token)) return { status: 401, json: { error: 'invalid_token' } };
  const config = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown> | undefined;
  const types = ((config?.messages as Array<{ type: string }> | undefined) ?? []).map((m) => m.type);
  const grants = (body.grant_types as string[] | undefined) ?? [];
  const ok = body.application_type === 'web' && grants.includes('implicit') && grants.includes('client_credentials') && JSON.stringify(body.response_types) === '["id_token"]' && body.token_endpoint_auth_method === 'private_key_jwt' && typeof body.initiate_login_uri === 'string' && Array.isArray(body.redirect_uris) && typeof body.jwks_uri === 'string' && typeof config?.domain === 'string' && typeof config?.target_link_uri === 'string' && types.includes('LtiDeepLinkingRequest') && types.includes('LtiResourceLinkRequest');
  if (!ok) return { status: 400, json: { error: 'invalid_client_metadata' } };
  p.registrations.push(body);
  const n = p.registrations.length;
  const client: ToolClient = { clientId: `dr-client-${n}`, deploymentIds: [`dr-deployment-${n}`], loginUrl: body.initiate_login_uri as string, redirectUris: body.redirect_uris as string[], toolJwksUrl: body.jwks_uri as string, targetLinkUri: config!.target_link_uri as string };
  p.clients.set(client.clientId, client);
  return { status: 200, json: { ...body, client_id: client.clientId, 'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...config, deployment_id: client.deploymentIds[0] } } };
}

/** The deep-linking return URL: the tool's LtiDeepLinkingResponse verified against the tool's JWKS. */
async function deepLinkReturn(p: { clients: Map<string, ToolClient>; issuer: string; now: Date; fetchToolJwks: (url: string) => Promise<unknown>; deepLinks: ReceivedDeepLink[] }, form: URLSearchParams): Promise<{ status: number; body: string }> {
  const jwt = form.get('JWT') ?? '';
  const client = [...p.clients.values()].find((c) => c.clientId === (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString() || '{}') as { iss?: string }).iss);
  if (!client) return { status: 400, body: 'unknown tool' };
  try {
    const jwks = createLocalJWKSet((await p.fetchToolJwks(client.toolJwksUrl)) as JSONWebKeySet);
    const { payload, protectedHeader } = await jwtVerify(jwt, jwks, { issuer: client.clientId, audience: p.issuer, algorithms: ['RS256'], currentDate: p.now });
    if (payload['https://purl.imsglobal.org/spec/lti/claim/message_type'] !== 'LtiDeepLinkingResponse') throw new Error('not a deep-linking response');
    if (!client.deploymentIds.includes(String(payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']))) throw new Error('unknown deployment');
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<Record<string, unknown>>;
    p.deepLinks.push({ payload, kid: protectedHeader.kid, contentItems: items });
    return { status: 200, body: `<!doctype html><html lang="en"><head><title>Added</title></head><body><main><h1>Added ${escape(String(items[0]?.title ?? ''))}</h1></main></body></html>` };
  } catch (err) {
    return { status: 400, body: `deep-linking response refused: ${(err as Error).message}` };
  }
}

export async function startLtiPlatform(opts: {
  dialect: PlatformDialect;
  /** The platform's clock for the tokens it signs (the test's, so expiry is tested without waiting). */
  now: () => Date;
  /** Fetches the tool's JWKS (the tests' Laurel answers through app.inject, not a socket). */
  fetchToolJwks: (url: string) => Promise<unknown>;
  /** A lying configuration: the issuer it claims in its OpenID configuration. */
  configuredIssuer?: string;
  /** The `aud` the token endpoint wants in client assertions (D2L-style); the token URL when not given. */
  tokenAudience?: string;
  /** The scopes the token endpoint grants; every AGS and NRPS scope when not given. */
  serviceScopes?: readonly string[];
}): Promise<RunningLtiPlatform> {
  const rsa = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const stranger = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const publicJwk: JWK = { ...(await exportJWK(rsa.publicKey)), kid: 'platform-rsa', alg: 'RS256', use: 'sig' };
  const clients = new Map<string, ToolClient>();
  const pending = new Map<string, Pending>();
  const tokens = new Set<string>();
  const registrations: Array<Record<string, unknown>> = [];
  const deepLinks: ReceivedDeepLink[] = [];
  const authRequests: Array<Record<string, string>> = [];
  const coursePages = new Map<string, LaunchSpec>();
  let issuer = '';
  const services = createPlatformServices({ dialect: opts.dialect, issuer: () => issuer, now: opts.now, clients, fetchToolJwks: opts.fetchToolJwks, tokenAudience: opts.tokenAudience, serviceScopes: opts.serviceScopes });

  async function sign(claims: Record<string, unknown>, how: NonNullable<LaunchSpec['tamper']>['sign']): Promise<string> {
    if (how === 'none') return new UnsecuredJWT(claims).encode();
    const key = how === 'stranger' || how === 'unknown_kid' ? stranger.privateKey : rsa.privateKey;
    const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: how === 'unknown_kid' ? 'rotated-away' : 'platform-rsa', typ: 'JWT' }).sign(key);
    if (how !== 'forged') return jwt;
    const [h, , s] = jwt.split('.');
    return [h, Buffer.from(JSON.stringify({ ...claims, name: 'Mallory Forger' })).toString('base64url'), s].join('.');
  }

  async function authenticate(params: Record<string, string>): Promise<{ status: number; body: string }> {
    authRequests.push(params);
    const p = pending.get(params.lti_message_hint ?? '');
    const client = clients.get(params.client_id ?? '');
    const wrong =
      params.scope !== 'openid' ? 'scope' : params.response_type !== 'id_token' ? 'response_type' : params.response_mode !== 'form_post' ? 'response_mode' : params.prompt !== 'none' ? 'prompt' : !params.state || !params.nonce ? 'state/nonce' : !client ? 'client_id' : !client.redirectUris.includes(params.redirect_uri ?? '') ? 'redirect_uri' : !p || p.client.clientId !== client.clientId ? 'lti_message_hint' : params.login_hint !== p.spec.user.sub ? 'login_hint' : null;
    if (wrong) return { status: 400, body: `invalid authentication request: ${wrong}` };
    pending.delete(params.lti_message_hint!);
    const urls = p!.spec.services === false ? undefined : services.launchServices(p!.spec.context, p!.spec.resourceLink?.id);
    const claims = launchClaims({ dialect: opts.dialect, issuer, clientId: client!.clientId, deploymentId: p!.deploymentId, targetLinkUri: client!.targetLinkUri, nonce: params.nonce!, now: opts.now(), spec: p!.spec, services: urls });
    p!.spec.tamper?.claims?.(claims);
    const idToken = await sign(claims, p!.spec.tamper?.sign);
    return { status: 200, body: autoPost(params.redirect_uri!, { id_token: idToken, state: params.state! }) };
  }

  function initiate(spec: LaunchSpec): { method: 'GET' | 'POST'; url: string; form: Record<string, string> } {
    const client = spec.clientId ? clients.get(spec.clientId) : [...clients.values()][0];
    if (!client) throw new Error('no tool client registered with the test platform');
    const hint = randomBytes(12).toString('base64url');
    const deploymentId = spec.deploymentId ?? client.deploymentIds[0]!;
    pending.set(hint, { spec, client, deploymentId });
    const form = { iss: issuer, login_hint: spec.user.sub, target_link_uri: client.targetLinkUri, lti_message_hint: hint, client_id: client.clientId, lti_deployment_id: deploymentId, ...(opts.dialect === 'canvas' ? { canvas_region: 'us-east-1', canvas_environment: 'prod' } : {}) };
    return opts.dialect === 'canvas' ? { method: 'POST', url: client.loginUrl, form } : { method: 'GET', url: `${client.loginUrl}?${new URLSearchParams(form).toString()}`, form };
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      const raw = req.method === 'POST' ? await readBody(req) : '';
      const send = (status: number, body: string, type = 'text/html; charset=utf-8') => res.writeHead(status, { 'content-type': type }).end(body);
      const sendJson = (status: number, body: unknown) => send(status, JSON.stringify(body), 'application/json');
      if (url.pathname === '/.well-known/openid-configuration') return sendJson(200, openidConfiguration(issuer, opts));
      if (url.pathname === '/jwks') return sendJson(200, { keys: [publicJwk] });
      if (url.pathname === '/register' && req.method === 'POST') {
        const r = register({ tokens, registrations, clients }, req.headers.authorization, JSON.parse(raw || '{}') as Record<string, unknown>);
        return sendJson(r.status, r.json);
      }
      if (url.pathname === '/auth') {
        const params = Object.fromEntries(req.method === 'POST' ? new URLSearchParams(raw) : url.searchParams);
        const r = await authenticate(params);
        return send(r.status, r.body);
      }
      if (url.pathname === '/deep-link-return' && req.method === 'POST') {
        const r = await deepLinkReturn({ clients, issuer, now: opts.now(), fetchToolJwks: opts.fetchToolJwks, deepLinks }, new URLSearchParams(raw));
        return send(r.status, r.body);
      }
      if (url.pathname === '/course-page' && req.method === 'GET') {
        const spec = coursePages.get(url.searchParams.get('page') ?? '');
        return spec ? send(200, coursePageHtml(spec, initiate(spec))) : send(404, 'no such course page');
      }
      if (await services.handle(req, url, raw, res)) return;
      return send(404, 'not found');
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    dialect: opts.dialect,
    issuer,
    authUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    clients,
    registrations,
    deepLinks,
    authRequests,
    addClient: (c) => void clients.set(c.clientId, c),
    startRegistration(toolRegistrationUrl) {
      const token = randomBytes(18).toString('base64url');
      tokens.add(token);
      const u = new URL(toolRegistrationUrl);
      u.searchParams.set('openid_configuration', `${issuer}/.well-known/openid-configuration`);
      u.searchParams.set('registration_token', token);
      return { url: u.href, token };
    },
    initiate,
    coursePage(spec) {
      const key = randomBytes(9).toString('base64url');
      coursePages.set(key, spec);
      return `${issuer}/course-page?page=${key}`;
    },
    course: services.course,
    get tokenRequests() {
      return services.tokenRequests;
    },
    serviceRequests: services.serviceRequests,
    setServiceFault: services.setFault,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
