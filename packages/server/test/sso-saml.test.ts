// The SAML 2.0 service-provider module against a real identity provider (samlify, on 127.0.0.1):
// metadata both ways, the signed AuthnRequest, every refusal reason of a Response, the accepted
// shapes (signed assertion or response, encrypted, key rollover) and single logout both ways.
// The clock is fixed years away from the wall clock, so a pass proves the injected `now` is used.
import { X509Certificate } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptSamlLogout,
  acceptSamlResponse,
  generateSpKeys,
  parseIdpMetadata,
  samlLoginRedirect,
  samlLogoutRedirect,
  spMetadataXml,
  validateIdpSettings,
  type SamlIdpSettings,
  type SamlSpSettings,
} from '../src/sso/saml.ts';
import { SsoConfigError, SsoRefused, type SsoRefusal } from '../src/sso/types.ts';
import { ATTRIBUTE, STATUS, startSamlIdp, tamper, type IssueResponseOptions, type SamlIdp, type SigningKey } from './support/saml-idp.ts';

const NOW = new Date('2031-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const base = 'https://laurel.example/sso/saml';
const spFor = (idpId: string, keys: SigningKey, wantEncryptedAssertions = false): SamlSpSettings => ({
  entityId: `${base}/${idpId}/metadata`,
  acsUrl: `${base}/${idpId}/acs`,
  sloUrl: `${base}/${idpId}/slo`,
  ...keys,
  clockSkewMs: 3 * MINUTE,
  wantEncryptedAssertions,
});

let idp: SamlIdp;
let sp: SamlSpSettings;
let encryptingSp: SamlSpSettings;
let settings: SamlIdpSettings;
let otherKey: SigningKey;

beforeAll(async () => {
  const [spKeys, encKeys, other] = await Promise.all([generateSpKeys('Laurel SP'), generateSpKeys('Laurel SP 2'), generateSpKeys('Someone else')]);
  otherKey = other;
  sp = spFor('idp-1', spKeys);
  encryptingSp = spFor('idp-2', encKeys, true);
  idp = await startSamlIdp({ now: () => NOW, serviceProviders: [await spMetadataXml(encryptingSp), await spMetadataXml(sp)] });
  settings = parseIdpMetadata(idp.metadataXml);
});

afterAll(async () => {
  await idp?.close();
});

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

function configError(f: () => unknown): SsoConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof SsoConfigError) return e;
    throw e;
  }
  throw new Error('expected a SsoConfigError');
}

async function refusal(p: Promise<unknown>): Promise<SsoRefused> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e instanceof SsoRefused) return e;
  throw new Error(`expected a SsoRefused, got ${String(e)}`);
}

/** A redirect URL as a route sees it: the parsed query and the raw query string. */
function asReceived(url: string): { query: Record<string, string>; originalQuery: string } {
  const u = new URL(url);
  return { query: Object.fromEntries(u.searchParams), originalQuery: u.search.slice(1) };
}

describe('IdP metadata', () => {
  it('reads the entity ID, endpoints and signing certificate', () => {
    expect(settings.entityId).toBe(idp.entityId);
    expect(settings.ssoUrl).toBe(`${idp.url}/sso`);
    expect(settings.sloUrl).toBe(`${idp.url}/slo`);
    expect(settings.certificates.map(fingerprint)).toEqual([fingerprint(idp.certificatePem)]);
  });

  it('accepts two signing certificates (a key rollover)', async () => {
    const rolling = await startSamlIdp({ extraSigningCertificates: [otherKey.certificatePem], withoutSlo: true });
    try {
      const parsed = parseIdpMetadata(rolling.metadataXml);
      expect(parsed.certificates.map(fingerprint)).toEqual([fingerprint(rolling.certificatePem), fingerprint(otherKey.certificatePem)]);
      expect(parsed.sloUrl).toBeNull();
    } finally {
      await rolling.close();
    }
  });

  it('refuses metadata without a signing certificate, without an SSO service, not XML, or with several entities', () => {
    const noSigning = configError(() => parseIdpMetadata(idp.metadataXml.replace(/use="signing"/g, 'use="encryption"')));
    expect(noSigning.field).toBe('metadata');
    expect(noSigning.message).toMatch(/no signing certificate/);
    const noSso = configError(() => parseIdpMetadata(idp.metadataXml.replace(/<SingleSignOnService[^>]*>(<\/SingleSignOnService>)?/g, '')));
    expect(noSso.message).toMatch(/no single sign-on service/);
    const notXml = configError(() => parseIdpMetadata('this is not <xml'));
    expect([notXml.field, notXml.message]).toEqual(['metadata', expect.stringMatching(/could not be read as XML/)]);
    const entity = idp.metadataXml.replace(/^<\?xml[^>]*\?>/, '');
    const two = `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${entity}${entity.replace(idp.entityId, 'https://idp.other.example/idp')}</EntitiesDescriptor>`;
    expect(configError(() => parseIdpMetadata(two)).message).toMatch(new RegExp(`describes 2 entities.*${idp.entityId}, https://idp.other.example/idp`));
  });

  it('checks settings typed in by hand', () => {
    const ok = validateIdpSettings({ entityId: ' urn:campus:idp ', ssoUrl: 'http://localhost:8080/sso', sloUrl: '', certificates: [idp.certificatePem.replace(/-----[A-Z ]+-----|\s/g, '')] });
    expect(ok).toEqual({ entityId: 'urn:campus:idp', ssoUrl: 'http://localhost:8080/sso', sloUrl: null, certificates: [new X509Certificate(idp.certificatePem).toString()] });
    const cases: [Partial<SamlIdpSettings>, string, RegExp][] = [
      [{ ssoUrl: 'http://idp.campus.example/sso' }, 'ssoUrl', /https:\/\/ .*127\.0\.0\.1 or localhost/],
      [{ sloUrl: 'not a url' }, 'sloUrl', /not a web address/],
      [{ entityId: '' }, 'entityId', /entity ID/],
      [{ certificates: ['bm90IGEgY2VydGlmaWNhdGU='] }, 'certificates', /could not be read as an X\.509 certificate/],
      [{ certificates: [] }, 'certificates', /signing certificate/],
    ];
    for (const [change, field, message] of cases) {
      const e = configError(() => validateIdpSettings({ ...settings, ...change }));
      expect([e.field, e.message]).toEqual([field, expect.stringMatching(message)]);
    }
  });
});

describe('SP metadata', () => {
  it('publishes the ACS, the SLO endpoint and the certificate, and asks for signed requests and assertions', async () => {
    const xml = await spMetadataXml(sp);
    expect(xml).toContain(`entityID="${sp.entityId}"`);
    expect(xml).toMatch(new RegExp(`AssertionConsumerService[^>]*Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"[^>]*Location="${sp.acsUrl}"`));
    expect(xml).toMatch(new RegExp(`SingleLogoutService[^>]*Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"[^>]*Location="${sp.sloUrl}"`));
    expect(xml).toMatch(/AuthnRequestsSigned="true"/);
    expect(xml).toMatch(/WantAssertionsSigned="true"/);
    const published = /<ds:X509Certificate>([^<]+)</.exec(xml)?.[1] ?? '';
    expect(published.replace(/\s/g, '')).toBe(sp.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''));
    expect(xml).not.toContain('use="encryption"');
    expect(await spMetadataXml(encryptingSp)).toContain('use="encryption"');
    expect(await spMetadataXml(sp)).toBe(xml);
  });
});

describe('sign-in', () => {
  it('sends a signed AuthnRequest the IdP accepts, and accepts the response of its login page', async () => {
    const { url, requestId } = await samlLoginRedirect(sp, settings, { relayState: 'relay-1', now: NOW });
    const { query } = asReceived(url);
    expect(url.startsWith(`${idp.url}/sso?`)).toBe(true);
    expect(query.SigAlg).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(inflateRawSync(Buffer.from(query.SAMLRequest!, 'base64')).toString()).toContain(`IssueInstant="${NOW.toISOString()}"`);

    const login = await fetch(url);
    const page = await login.text();
    expect(login.status).toBe(200);
    expect(page).toMatch(/<html lang="en">.*<title>Sign in[^<]*<\/title>.*<main>.*<label for="username">.*<label for="password">.*<button type="submit">Sign in<\/button>/s);
    expect(idp.received.authnRequests.at(-1)).toEqual({ id: requestId, issuer: sp.entityId, acsUrl: sp.acsUrl, relayState: 'relay-1' });

    const token = /name="request" value="([^"]+)"/.exec(page)![1]!;
    const post = (fields: Record<string, string>) => fetch(`${idp.url}/login`, { method: 'POST', body: new URLSearchParams({ request: token, ...fields }) }).then((r) => r.text());
    expect(await post({ username: 'ada', password: 'wrong' })).toContain('role="alert"');
    const back = await post({ username: 'ada', password: 'analytical-engine' });
    expect(back).toContain(`action="${sp.acsUrl}"`);
    expect(back).toContain('name="RelayState" value="relay-1"');
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(back)![1]!;
    const assertion = await acceptSamlResponse(sp, settings, { samlResponse, now: NOW });
    expect(assertion.inResponseTo).toBe(requestId);
    expect(assertion.attributes.mail).toEqual(['ada@campus.test']);
  });

  it('is refused by the IdP when the signed query is altered', async () => {
    const { url } = await samlLoginRedirect(sp, settings, { relayState: 'relay-2', now: NOW });
    expect((await fetch(url.replace('RelayState=relay-2', 'RelayState=relay-3'))).status).toBe(400);
  });
});

describe('a SAML Response', () => {
  const other = () => otherKey;
  const refusals: [string, () => Promise<string>, SsoRefusal][] = [
    ['tampered after signing', async () => tamper.replace(await idp.issueResponse(), '>ada@campus.test<', '>mallory@campus.test<'), 'signature_invalid'],
    ['unsigned', () => idp.issueResponse({ sign: 'none' }), 'unsigned'],
    ['signed by another key', () => idp.issueResponse({ signWith: other() }), 'signature_invalid'],
    ['for another audience', () => idp.issueResponse({ audience: 'https://other-sp.example/metadata' }), 'audience_mismatch'],
    ['from another issuer', () => idp.issueResponse({ issuer: 'https://idp.other.example/idp' }), 'issuer_mismatch'],
    ['expired (beyond the skew)', () => idp.issueResponse({ now: new Date(NOW.getTime() - 9 * MINUTE) }), 'expired'],
    ['not yet valid (beyond the skew)', () => idp.issueResponse({ now: new Date(NOW.getTime() + 4 * MINUTE) }), 'not_yet_valid'],
    ["for another organization's ACS", () => idp.issueResponse({ destination: `${base}/idp-2/acs` }), 'wrong_organization'],
    ['an IdP error status', () => idp.issueResponse({ status: { code: STATUS.responder, subCode: STATUS.authnFailed, message: 'Authentication failed' } }), 'idp_error'],
    [
      'wrapped: a forged assertion beside the signed one',
      async () => tamper.xml(await idp.issueResponse(), (xml) => xml.replace('</samlp:Response>', `${/<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0].replace(/ID="_/, 'ID="_forged').replace(/ada@/g, 'mallory@')}</samlp:Response>`)),
      'signature_invalid',
    ],
    ['garbage', async () => 'this is not base64!', 'malformed'],
    ['not a Response', async () => Buffer.from('<html><body>Hello</body></html>').toString('base64'), 'malformed'],
  ];

  it.each(refusals)('is refused when %s', async (_name, make, reason) => {
    const e = await refusal(acceptSamlResponse(sp, settings, { samlResponse: await make(), now: NOW }));
    expect(e.reason).toBe(reason);
    expect(e.detail).not.toBe('');
  });

  it('gives the person, every attribute by Name and FriendlyName, and what replay detection needs', async () => {
    const samlResponse = await idp.issueResponse({ inResponseTo: '_req1', sessionIndex: '_session1' });
    const a = await acceptSamlResponse(sp, settings, { samlResponse, now: NOW });
    expect(a).toMatchObject({ subject: 'id-ada', nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', sessionIndex: '_session1', inResponseTo: '_req1', issuer: idp.entityId });
    expect(a.replayKey).toMatch(/^_[0-9a-f]{32}$/);
    // NotOnOrAfter (now + 5 minutes) plus the accepted skew: the last moment it would be accepted.
    expect(a.replayUntil).toBe(new Date(NOW.getTime() + 8 * MINUTE).toISOString());
    const affiliations = ['faculty@campus.test', 'member@campus.test'];
    expect(a.attributes).toEqual({
      [ATTRIBUTE.mail]: ['ada@campus.test'],
      mail: ['ada@campus.test'],
      [ATTRIBUTE.displayName]: ['Ada Lovelace'],
      displayName: ['Ada Lovelace'],
      [ATTRIBUTE.eduPersonPrincipalName]: ['ada@campus.test'],
      eduPersonPrincipalName: ['ada@campus.test'],
      [ATTRIBUTE.eduPersonScopedAffiliation]: affiliations,
      eduPersonScopedAffiliation: affiliations,
    });
  });

  const accepted: [string, () => Promise<[SamlSpSettings, SamlIdpSettings, IssueResponseOptions]>][] = [
    ['signed on the response only', async () => [sp, settings, { sign: 'response' }]],
    ['signed on both', async () => [sp, settings, { sign: 'both' }]],
    ['issued within the clock skew', async () => [sp, settings, { now: new Date(NOW.getTime() + 2 * MINUTE) }]],
    ['encrypted for the SP', async () => [encryptingSp, settings, { sp: encryptingSp.entityId, encrypt: true }]],
    ['encrypted though the SP did not ask for it', async () => [sp, settings, { encrypt: true }]],
    ['encrypted, with the response signed', async () => [encryptingSp, settings, { sp: encryptingSp.entityId, encrypt: true, sign: 'response' }]],
    ['signed with the second of two certificates', async () => [sp, validateIdpSettings({ ...settings, certificates: [otherKey.certificatePem, idp.certificatePem] }), {}]],
    ['signed with the first of two certificates', async () => [sp, validateIdpSettings({ ...settings, certificates: [otherKey.certificatePem, idp.certificatePem] }), { signWith: otherKey }]],
  ];

  it.each(accepted)('is accepted when %s', async (_name, make) => {
    const [forSp, withIdp, options] = await make();
    const samlResponse = await idp.issueResponse({ username: 'grace', ...options });
    if (options.encrypt) expect(Buffer.from(samlResponse, 'base64').toString()).not.toContain('grace@campus.test');
    const a = await acceptSamlResponse(forSp, withIdp, { samlResponse, now: NOW });
    expect(a.attributes.eduPersonScopedAffiliation).toEqual(['student@campus.test']);
  });

  it('is refused unencrypted when the SP wants encrypted assertions', async () => {
    const samlResponse = await idp.issueResponse({ sp: encryptingSp.entityId });
    expect((await refusal(acceptSamlResponse(encryptingSp, settings, { samlResponse, now: NOW }))).reason).toBe('malformed');
  });

  it('is refused encrypted but unsigned as unsigned', async () => {
    const samlResponse = await idp.issueResponse({ sp: encryptingSp.entityId, encrypt: true, sign: 'none' });
    expect((await refusal(acceptSamlResponse(encryptingSp, settings, { samlResponse, now: NOW }))).reason).toBe('unsigned');
  });
});

describe('single logout', () => {
  it('sends a signed LogoutRequest the IdP accepts, and accepts its LogoutResponse', async () => {
    const url = await samlLogoutRedirect(sp, settings, { nameId: 'id-ada', nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', sessionIndex: '_s1', relayState: 'bye', now: NOW });
    expect(url?.startsWith(`${idp.url}/slo?`)).toBe(true);
    const answer = await fetch(url!, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = answer.headers.get('location')!;
    expect(location.startsWith(`${sp.sloUrl}?`)).toBe(true);
    expect(idp.received.logoutRequests.at(-1)).toMatchObject({ issuer: sp.entityId, nameId: 'id-ada', sessionIndex: '_s1' });
    const received = asReceived(location);
    expect(received.query.RelayState).toBe('bye');
    expect(await acceptSamlLogout(sp, settings, { ...received, now: NOW })).toEqual({ kind: 'response', success: true });
  });

  it('reports a LogoutResponse with a failure status as success: false', async () => {
    idp.logoutStatus = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
    try {
      const url = await samlLogoutRedirect(sp, settings, { nameId: 'id-ada', relayState: 'bye', now: NOW });
      const location = (await fetch(url!, { redirect: 'manual' })).headers.get('location')!;
      expect(await acceptSamlLogout(sp, settings, { ...asReceived(location), now: NOW })).toEqual({ kind: 'response', success: false });
      const forged = asReceived(location.replace(/RelayState=bye/, 'RelayState=hello'));
      expect((await refusal(acceptSamlLogout(sp, settings, { ...forged, now: NOW }))).reason).toBe('signature_invalid');
    } finally {
      idp.logoutStatus = STATUS.success;
    }
  });

  it('is not offered when the IdP has no SLO endpoint', async () => {
    expect(await samlLogoutRedirect(sp, { ...settings, sloUrl: null }, { nameId: 'id-ada', relayState: 'x', now: NOW })).toBeNull();
  });

  it('takes an IdP-initiated LogoutRequest and answers with a signed LogoutResponse the IdP accepts', async () => {
    const url = idp.logoutRequestUrl({ nameId: 'id-grace', sessionIndex: '_s2', relayState: 'idp relay (1)' });
    expect(url.startsWith(`${sp.sloUrl}?`)).toBe(true);
    const message = await acceptSamlLogout(sp, settings, { ...asReceived(url), now: NOW });
    if (message.kind !== 'request') throw new Error('expected a LogoutRequest');
    expect(message).toMatchObject({ nameId: 'id-grace', sessionIndex: '_s2' });
    expect(message.responseUrl.startsWith(`${idp.url}/slo?`)).toBe(true);
    const done = await fetch(message.responseUrl);
    expect([done.status, await done.text()]).toEqual([200, expect.stringContaining('You are signed out')]);
    expect(idp.received.logoutResponses.at(-1)?.issuer).toBe(sp.entityId);
  });

  it('refuses logout messages that are unsigned or altered', async () => {
    const { query, originalQuery } = asReceived(idp.logoutRequestUrl({ nameId: 'id-grace', relayState: 'r1' }));
    const { Signature: _s, SigAlg: _a, ...unsigned } = query;
    expect((await refusal(acceptSamlLogout(sp, settings, { query: unsigned, originalQuery: originalQuery.replace(/&(Signature|SigAlg)=[^&]*/g, ''), now: NOW }))).reason).toBe('unsigned');
    const altered = { query: { ...query, RelayState: 'r2' }, originalQuery: originalQuery.replace('RelayState=r1', 'RelayState=r2') };
    expect((await refusal(acceptSamlLogout(sp, settings, { ...altered, now: NOW }))).reason).toBe('signature_invalid');
    // A second SAMLRequest after the signed one must not be the message that is read.
    const doubled = `${originalQuery}&SAMLRequest=${encodeURIComponent(query.SAMLRequest!)}`;
    expect((await refusal(acceptSamlLogout(sp, settings, { query, originalQuery: doubled, now: NOW }))).reason).toBe('malformed');
    expect((await refusal(acceptSamlLogout(sp, settings, { query: { ...query, SAMLRequest: 'other' }, originalQuery, now: NOW }))).reason).toBe('malformed');
  });
});
