// A real SAML 2.0 identity provider for tests, on 127.0.0.1 (node:http, random port), built on
// samlify — not on node-saml, which the code under test uses. It serves its metadata, takes signed
// AuthnRequests (HTTP-Redirect) to a login page, posts Responses back to the SP's ACS, answers and
// starts single logout, and issues Responses directly (issueResponse) for table-driven tests.
// Used by the SAML module tests, the SSO route tests and the Chromium journey (the pages pass axe).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import samlify from 'samlify';
import { generate } from 'selfsigned';
import { buildResponse, esc, PERSISTENT, STATUS, type IssueResponseOptions, type ResponseContext, type SamlIdpUser, type SigningKey } from './saml-idp-response.ts';

export { ATTRIBUTE, STATUS, tamper, type IssueResponseOptions, type SamlIdpUser, type SigningKey } from './saml-idp-response.ts';

const { IdentityProvider, ServiceProvider, setSchemaValidator } = samlify;
type Idp = ReturnType<typeof IdentityProvider>;
type Sp = ReturnType<typeof ServiceProvider>;

// samlify insists on a schema validator; the test IdP trusts the well-formedness check of its parser.
setSchemaValidator({ validate: async () => 'skipped' });

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const HTML = 'text/html; charset=utf-8';

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
  /** The StatusCode of the LogoutResponses /slo sends (default Success); may be changed between requests. */
  logoutStatus: string;
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

class TestIdp implements SamlIdp {
  readonly entityId: string;
  readonly metadataXml: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly received: SamlIdp['received'] = { authnRequests: [], logoutRequests: [], logoutResponses: [] };
  responseDefaults: IssueResponseOptions;
  logoutStatus: string = STATUS.success;
  private readonly idp: Idp;
  private readonly sps = new Map<string, Sp>();
  private lastSp: string | undefined;
  private readonly pending = new Map<string, { sp: string; requestId: string; relayState: string | undefined }>();

  constructor(
    readonly url: string,
    private readonly key: SigningKey,
    readonly users: SamlIdpUser[],
    private readonly now: () => Date,
    opts: StartSamlIdpOptions,
    private readonly server: Server,
  ) {
    this.entityId = `${url}/metadata`;
    this.certificatePem = key.certificatePem;
    this.privateKeyPem = key.privateKeyPem;
    this.responseDefaults = opts.responseDefaults ?? {};
    this.idp = IdentityProvider({
      entityID: this.entityId,
      privateKey: key.privateKeyPem,
      signingCert: [key.certificatePem, ...(opts.extraSigningCertificates ?? [])],
      nameIDFormat: [PERSISTENT],
      singleSignOnService: [{ Binding: REDIRECT, Location: `${url}/sso` }],
      singleLogoutService: opts.withoutSlo ? [] : [{ Binding: REDIRECT, Location: `${url}/slo` }],
      wantAuthnRequestsSigned: true,
      wantLogoutRequestSigned: true,
      wantLogoutResponseSigned: true,
    });
    this.metadataXml = this.idp.getMetadata();
    for (const xml of opts.serviceProviders ?? []) this.addServiceProvider(xml);
  }

  addServiceProvider(metadataXml: string): string {
    const sp = ServiceProvider({ metadata: metadataXml, wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
    const spId = sp.entityMeta.getEntityID();
    this.sps.set(spId, sp);
    this.lastSp = spId;
    return spId;
  }

  async issueResponse(o: IssueResponseOptions = {}): Promise<string> {
    const sp = this.sp(o.sp);
    const user = o.username ? this.users.find((u) => u.username === o.username) : this.users[0];
    if (!user) throw new Error(`Unknown user ${o.username}`);
    const encryptor = { entitySetting: { ...this.idp.entitySetting, isAssertionEncrypted: true }, entityMeta: this.idp.entityMeta } as ResponseContext['encryptor'];
    const spAcsUrl = String(sp.entityMeta.getAssertionConsumerService('post'));
    // An SP whose metadata offers no encryption key gets its assertion encrypted for its signing certificate.
    const meta = sp.entityMeta;
    const spEntity = meta.getX509Certificate('encryption')
      ? sp
      : ({ entitySetting: sp.entitySetting, entityMeta: { getX509Certificate: () => meta.getX509Certificate('signing') } } as unknown as ResponseContext['spEntity']);
    const ctx = { idpEntityId: this.entityId, idpKey: this.key, encryptor, spEntity, spEntityId: sp.entityMeta.getEntityID(), spAcsUrl, user, now: o.now ?? this.now() };
    return buildResponse(ctx, o);
  }

  logoutRequestUrl({ nameId, sessionIndex, relayState, sp }: { nameId: string; sessionIndex?: string; relayState?: string; sp?: string }): string {
    return this.idp.createLogoutRequest(this.sp(sp), 'redirect', { logoutNameID: nameId, sessionIndex }, relayState !== undefined ? { relayState } : {}).context;
  }

  close(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.closeAllConnections();
      this.server.close((e) => (e ? reject(e) : resolve()));
    });
  }

  private sp(name: string | undefined): Sp {
    const sp = this.sps.get(name ?? this.lastSp ?? '');
    if (!sp) throw new Error(name ? `Unknown service provider ${name}` : 'No service provider has been added to the test IdP');
    return sp;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', this.url);
    const rawQuery = target.search.replace(/^\?/, '');
    const query = Object.fromEntries(target.searchParams);
    const route = `${req.method} ${target.pathname}`;
    if (route === 'GET /metadata') return send(res, 200, 'application/samlmetadata+xml', this.metadataXml);
    if (route === 'GET /sso') return send(res, 200, HTML, await this.sso(query, rawQuery));
    if (route === 'POST /login') return send(res, 200, HTML, await this.login(await readForm(req)));
    if (route === 'GET /slo' && query.SAMLResponse) return send(res, 200, HTML, await this.logoutAnswered(query, rawQuery));
    if (route === 'GET /slo') return send(res, 302, 'text/plain', '', { location: await this.logout(query, rawQuery) });
    return send(res, 404, HTML, page('Not found', '<p>There is no page at this address.</p>'));
  }

  /** An AuthnRequest: verified, remembered, answered with the login page. */
  private async sso(query: Record<string, string>, rawQuery: string): Promise<string> {
    if (!query.SAMLRequest) throw new Error('No SAMLRequest in the query.');
    const spId = issuerOf(query.SAMLRequest);
    const parsed = await this.idp.parseLoginRequest(this.sp(spId), 'redirect', { query, octetString: octetString(rawQuery) });
    const request = parsed.extract.request as { id: string; assertionConsumerServiceUrl?: string };
    this.received.authnRequests.push({ id: request.id, issuer: spId, acsUrl: request.assertionConsumerServiceUrl, relayState: query.RelayState });
    const token = randomBytes(16).toString('hex');
    this.pending.set(token, { sp: spId, requestId: request.id, relayState: query.RelayState });
    return loginPage(token, spId);
  }

  /** The login form: the page again on a wrong password, else the form that posts the Response to the ACS. */
  private async login(form: URLSearchParams): Promise<string> {
    const token = form.get('request') ?? '';
    const waiting = this.pending.get(token);
    if (!waiting) throw new Error('This sign-in request is unknown or already used.');
    const base = { ...this.responseDefaults, sp: waiting.sp, inResponseTo: waiting.requestId };
    let samlResponse: string;
    if (form.get('cancel')) {
      samlResponse = await this.issueResponse({ ...base, status: { code: STATUS.responder, subCode: STATUS.requestDenied, message: 'The user cancelled the sign-in.' } });
    } else {
      const user = this.users.find((u) => u.username === form.get('username') && u.password === form.get('password'));
      if (!user) return loginPage(token, waiting.sp, 'The username or password is not right. Try again.');
      samlResponse = await this.issueResponse({ ...base, username: user.username });
    }
    this.pending.delete(token);
    return postBackPage(String(this.sp(waiting.sp).entityMeta.getAssertionConsumerService('post')), samlResponse, waiting.relayState);
  }

  /** The SP's LogoutRequest: verified, remembered, answered with a signed LogoutResponse redirect. */
  private async logout(query: Record<string, string>, rawQuery: string): Promise<string> {
    if (!query.SAMLRequest) throw new Error('No SAMLRequest or SAMLResponse in the query.');
    const spId = issuerOf(query.SAMLRequest);
    const sp = this.sp(spId);
    const parsed = await this.idp.parseLogoutRequest(sp, 'redirect', { query, octetString: octetString(rawQuery) });
    const extract = parsed.extract as { request: { id: string }; nameID?: string; sessionIndex?: string };
    this.received.logoutRequests.push({ id: extract.request.id, issuer: spId, nameId: extract.nameID, sessionIndex: extract.sessionIndex });
    const tags = {
      ID: `_${randomBytes(16).toString('hex')}`,
      Destination: String(sp.entityMeta.getSingleLogoutService('redirect')),
      InResponseTo: extract.request.id,
      Issuer: this.entityId,
      IssueInstant: this.now().toISOString(),
      StatusCode: this.logoutStatus,
    };
    const customTagReplacement = (template: string) => ({ id: tags.ID, context: samlify.SamlLib.replaceTagsByValue(template, tags) });
    const relay = query.RelayState !== undefined ? { relayState: query.RelayState } : {};
    return this.idp.createLogoutResponse(sp, { extract: parsed.extract }, 'redirect', { ...relay, customTagReplacement }).context;
  }

  /** The SP's LogoutResponse to an IdP-initiated logout: verified and remembered. */
  private async logoutAnswered(query: Record<string, string>, rawQuery: string): Promise<string> {
    const spId = issuerOf(query.SAMLResponse!);
    const parsed = await this.idp.parseLogoutResponse(this.sp(spId), 'redirect', { query, octetString: octetString(rawQuery) });
    this.received.logoutResponses.push({ issuer: spId, inResponseTo: (parsed.extract.response as { inResponseTo?: string } | undefined)?.inResponseTo });
    return page('You are signed out', '<p>You have been signed out of every service.</p>');
  }
}

export async function startSamlIdp(opts: StartSamlIdpOptions = {}): Promise<SamlIdp> {
  const pems = await generate([{ name: 'commonName', value: 'Campus Test IdP' }], { keySize: 2048, algorithm: 'sha256' });
  let idp: TestIdp | undefined;
  const server = createServer((req, res) => {
    // Anything the IdP refuses (a bad signature, an unknown SP) is a 400 page naming the reason.
    idp!.handle(req, res).catch((e: Error) => send(res, 400, HTML, page('The request was refused', `<p>${esc(e.message)}</p>`)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp = new TestIdp(url, { privateKeyPem: pems.private, certificatePem: pems.cert }, opts.users ?? DEFAULT_USERS, opts.now ?? (() => new Date()), opts, server);
  return idp;
}
