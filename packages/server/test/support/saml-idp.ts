// A real SAML 2.0 identity provider for tests, on 127.0.0.1 (node:http, random port), built on
// samlify — not on node-saml, which the code under test uses. It serves its metadata, takes signed
// AuthnRequests (HTTP-Redirect) to a login page, posts Responses back to the SP's ACS, answers and
// starts single logout, and issues Responses directly (issueResponse) for table-driven tests.
// Used by the SAML module tests, the SSO route tests and the Chromium journey (the pages pass axe).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import samlify from 'samlify';
import { generate } from 'selfsigned';
import { buildResponse, esc, PERSISTENT, STATUS, type IssueResponseOptions, type SamlIdpUser, type SigningKey } from './saml-idp-response.ts';

export { ATTRIBUTE, STATUS, tamper, type IssueResponseOptions, type SamlIdpUser, type SigningKey } from './saml-idp-response.ts';

const { IdentityProvider, ServiceProvider, setSchemaValidator } = samlify;
type Idp = ReturnType<typeof IdentityProvider>;
type Sp = ReturnType<typeof ServiceProvider>;

// samlify insists on a schema validator; the test IdP trusts the well-formedness check of its parser.
setSchemaValidator({ validate: async () => 'skipped' });

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export const DEFAULT_USERS: SamlIdpUser[] = [
  { username: 'ada', password: 'analytical-engine', displayName: 'Ada Lovelace', mail: 'ada@campus.test', eppn: 'ada@campus.test', affiliations: ['faculty@campus.test', 'member@campus.test'] },
  { username: 'grace', password: 'compiler-1952', displayName: 'Grace Hopper', mail: 'grace@campus.test', eppn: 'grace@campus.test', affiliations: ['student@campus.test'] },
];

export interface StartSamlIdpOptions {
  users?: SamlIdpUser[];
  /** Metadata XML of service providers to trust (more can be added with addServiceProvider). */
  serviceProviders?: string[];
  /** The IdP's clock; default the real one. */
  now?: () => Date;
  /** More signing certificates to publish in the metadata (a key rollover). */
  extraSigningCertificates?: string[];
  /** Publish no SingleLogoutService. */
  withoutSlo?: boolean;
  /** Options for the responses the login page sends (issueResponse takes its own). */
  responseDefaults?: IssueResponseOptions;
}

export interface SamlIdp {
  url: string;
  entityId: string;
  metadataXml: string;
  certificatePem: string;
  privateKeyPem: string;
  users: SamlIdpUser[];
  /** Options for responses sent by the login page; may be changed between requests. */
  responseDefaults: IssueResponseOptions;
  /** What the IdP was sent, newest last. */
  received: {
    authnRequests: { id: string; issuer: string; acsUrl: string | undefined; relayState: string | undefined }[];
    logoutRequests: { id: string; issuer: string; nameId: string | undefined; sessionIndex: string | undefined }[];
    logoutResponses: { issuer: string; inResponseTo: string | undefined }[];
  };
  /** Trusts an SP by its metadata; returns its entity ID. */
  addServiceProvider(metadataXml: string): string;
  issueResponse(opts?: IssueResponseOptions): Promise<string>;
  /** An IdP-initiated LogoutRequest (signed, HTTP-Redirect) to the SP's SLO URL. */
  logoutRequestUrl(opts: { nameId: string; sessionIndex?: string; relayState?: string; sp?: string }): string;
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;

function loginPage(token: string, spName: string, error?: string): string {
  const alert = error ? `<p role="alert">${esc(error)}</p>` : '';
  return page(
    'Sign in to Campus Test IdP',
    `<p>You are signing in to ${esc(spName)}.</p>${alert}<form method="post" action="/login">` +
      `<input type="hidden" name="request" value="${esc(token)}">` +
      `<p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required></p>` +
      `<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>` +
      `<p><button type="submit">Sign in</button> <button type="submit" name="cancel" value="1" formnovalidate>Cancel</button></p></form>`,
  );
}

function postBackPage(acsUrl: string, samlResponse: string, relayState: string | undefined): string {
  const relay = relayState !== undefined ? `<input type="hidden" name="RelayState" value="${esc(relayState)}">` : '';
  return page(
    'Returning to the service',
    `<form method="post" action="${esc(acsUrl)}"><input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">${relay}` +
      `<p>If nothing happens, press Continue.</p><p><button type="submit">Continue</button></p></form>` +
      `<script>document.forms[0].submit()</script>`,
  );
}

/** The signed octets of a redirect-binding message, from the raw query (saml-bindings §3.4.4.1). */
function octetString(rawQuery: string): string {
  const raw = new Map(rawQuery.split('&').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
  return ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg'].filter((k) => raw.has(k)).map((k) => `${k}=${raw.get(k)}`).join('&');
}

function issuerOf(deflatedBase64: string): string {
  const doc = new DOMParser().parseFromString(inflateRawSync(Buffer.from(deflatedBase64, 'base64')).toString('utf8'), 'text/xml');
  const issuer = doc.documentElement?.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0];
  return (issuer?.textContent ?? '').trim();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body);
}

export async function startSamlIdp(opts: StartSamlIdpOptions = {}): Promise<SamlIdp> {
  const now = opts.now ?? (() => new Date());
  const users = opts.users ?? DEFAULT_USERS;
  const pems = await generate([{ name: 'commonName', value: 'Campus Test IdP' }], { keySize: 2048, algorithm: 'sha256' });
  const key: SigningKey = { privateKeyPem: pems.private, certificatePem: pems.cert };
  const sps = new Map<string, Sp>();
  let lastSp: string | undefined;
  const pending = new Map<string, { sp: string; requestId: string; relayState: string | undefined }>();
  const received: SamlIdp['received'] = { authnRequests: [], logoutRequests: [], logoutResponses: [] };
  const responseDefaults = { current: opts.responseDefaults ?? {} };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => send(res, 400, 'text/html; charset=utf-8', page('The request was refused', `<p>${esc(e.message)}</p>`)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${url}/metadata`;
  const idp: Idp = IdentityProvider({
    entityID: entityId,
    privateKey: key.privateKeyPem,
    signingCert: [key.certificatePem, ...(opts.extraSigningCertificates ?? [])],
    nameIDFormat: [PERSISTENT],
    singleSignOnService: [{ Binding: REDIRECT, Location: `${url}/sso` }],
    singleLogoutService: opts.withoutSlo ? [] : [{ Binding: REDIRECT, Location: `${url}/slo` }],
    wantAuthnRequestsSigned: true,
    wantLogoutRequestSigned: true,
    wantLogoutResponseSigned: true,
  });
  const encryptor = { entitySetting: { ...idp.entitySetting, isAssertionEncrypted: true }, entityMeta: idp.entityMeta } as Parameters<typeof samlify.SamlLib.encryptAssertion>[0];

  const spNamed = (name: string | undefined): Sp => {
    const sp = name !== undefined ? sps.get(name) : lastSp !== undefined ? sps.get(lastSp) : undefined;
    if (!sp) throw new Error(name ? `Unknown service provider ${name}` : 'No service provider has been added to the test IdP');
    return sp;
  };
  const issueResponse = async (o: IssueResponseOptions = {}): Promise<string> => {
    const sp = spNamed(o.sp);
    const user = o.username ? users.find((u) => u.username === o.username) : users[0];
    if (!user) throw new Error(`Unknown user ${o.username}`);
    const spEntityId = sp.entityMeta.getEntityID();
    const spAcsUrl = String(sp.entityMeta.getAssertionConsumerService('post'));
    const ctx = { idpEntityId: entityId, idpKey: key, encryptor, spEntity: sp, spEntityId, spAcsUrl, user, now: o.now ?? now() };
    return buildResponse(ctx, o);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const rawQuery = target.search.replace(/^\?/, '');
    const query = Object.fromEntries(target.searchParams);
    const html = (status: number, body: string) => send(res, status, 'text/html; charset=utf-8', body);
    if (req.method === 'GET' && target.pathname === '/metadata') return send(res, 200, 'application/samlmetadata+xml', idp.getMetadata());
    if (req.method === 'GET' && target.pathname === '/sso') {
      if (!query.SAMLRequest) throw new Error('No SAMLRequest in the query.');
      const spId = issuerOf(query.SAMLRequest);
      const parsed = await idp.parseLoginRequest(spNamed(spId), 'redirect', { query, octetString: octetString(rawQuery) });
      const request = parsed.extract.request as { id: string; assertionConsumerServiceUrl?: string };
      received.authnRequests.push({ id: request.id, issuer: spId, acsUrl: request.assertionConsumerServiceUrl, relayState: query.RelayState });
      const token = randomBytes(16).toString('hex');
      pending.set(token, { sp: spId, requestId: request.id, relayState: query.RelayState });
      return html(200, loginPage(token, spId));
    }
    if (req.method === 'POST' && target.pathname === '/login') {
      const form = await readForm(req);
      const token = form.get('request') ?? '';
      const waiting = pending.get(token);
      if (!waiting) throw new Error('This sign-in request is unknown or already used.');
      const base = { ...responseDefaults.current, sp: waiting.sp, inResponseTo: waiting.requestId };
      let samlResponse: string;
      if (form.get('cancel')) {
        samlResponse = await issueResponse({ ...base, status: { code: STATUS.responder, subCode: STATUS.requestDenied, message: 'The user cancelled the sign-in.' } });
      } else {
        const user = users.find((u) => u.username === form.get('username') && u.password === form.get('password'));
        if (!user) return html(200, loginPage(token, waiting.sp, 'The username or password is not right. Try again.'));
        samlResponse = await issueResponse({ ...base, username: user.username });
      }
      pending.delete(token);
      return html(200, postBackPage(String(spNamed(waiting.sp).entityMeta.getAssertionConsumerService('post')), samlResponse, waiting.relayState));
    }
    if (req.method === 'GET' && target.pathname === '/slo') return slo(query, rawQuery, res);
    return html(404, page('Not found', '<p>There is no page at this address.</p>'));
  }

  async function slo(query: Record<string, string>, rawQuery: string, res: ServerResponse): Promise<void> {
    const message = query.SAMLRequest ?? query.SAMLResponse;
    if (!message) throw new Error('No SAMLRequest or SAMLResponse in the query.');
    const spId = issuerOf(message);
    const sp = spNamed(spId);
    const request = { query, octetString: octetString(rawQuery) };
    if (query.SAMLResponse) {
      const parsed = await idp.parseLogoutResponse(sp, 'redirect', request);
      received.logoutResponses.push({ issuer: spId, inResponseTo: (parsed.extract.response as { inResponseTo?: string } | undefined)?.inResponseTo });
      return send(res, 200, 'text/html; charset=utf-8', page('You are signed out', '<p>You have been signed out of every service.</p>'));
    }
    const parsed = await idp.parseLogoutRequest(sp, 'redirect', request);
    const extract = parsed.extract as { request: { id: string }; nameID?: string; sessionIndex?: string };
    received.logoutRequests.push({ id: extract.request.id, issuer: spId, nameId: extract.nameID, sessionIndex: extract.sessionIndex });
    const answer = idp.createLogoutResponse(sp, { extract: parsed.extract }, 'redirect', query.RelayState !== undefined ? { relayState: query.RelayState } : {});
    send(res, 302, 'text/plain', '', { location: answer.context });
  }

  const addServiceProvider = (metadataXml: string): string => {
    const sp = ServiceProvider({ metadata: metadataXml, wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
    const spId = sp.entityMeta.getEntityID();
    sps.set(spId, sp);
    lastSp = spId;
    return spId;
  };
  for (const xml of opts.serviceProviders ?? []) addServiceProvider(xml);

  return {
    url,
    entityId,
    metadataXml: idp.getMetadata(),
    certificatePem: key.certificatePem,
    privateKeyPem: key.privateKeyPem,
    users,
    get responseDefaults() {
      return responseDefaults.current;
    },
    set responseDefaults(value: IssueResponseOptions) {
      responseDefaults.current = value;
    },
    received,
    addServiceProvider,
    issueResponse,
    logoutRequestUrl: ({ nameId, sessionIndex, relayState, sp }) =>
      idp.createLogoutRequest(spNamed(sp), 'redirect', { logoutNameID: nameId, sessionIndex }, relayState !== undefined ? { relayState } : {}).context,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
