// SAML 2.0 service provider for campus single sign-on: the four exchanges with an identity provider
// (sign-in request and response, logout request and response both ways), built on node-saml. Settings,
// metadata, the node-saml adapter and the assertion checks live in the saml-*.ts files beside this one.
//
// What the caller does with the results (this module keeps no state):
// - samlLoginRedirect returns the AuthnRequest ID; store it with the RelayState and compare it with the
//   `inResponseTo` acceptSamlResponse returns (null: an unsolicited, IdP-initiated response).
// - acceptSamlResponse returns `replayKey` (the assertion ID) and `replayUntil`; refuse a key seen before.
//
// node-saml and what it brings (xml-crypto, xml-encryption, xpath, xml2js, xmlbuilder: ~100 modules) load
// with the first SAML exchange, not at start-up: most installations' processes never need them.
import { inflateRawSync } from 'node:zlib';
import type { SamlAssertion } from './saml-assertion.ts';
import type { SamlEngine } from './saml-engine.ts';
import type { SamlIdpSettings, SamlSpSettings } from './saml-settings.ts';
import { attr, children, NS, parseXml, STATUS_SUCCESS } from './saml-xml.ts';
import { SsoRefused } from './types.ts';

export { generateSpKeys, validateIdpSettings, type SamlIdpSettings, type SamlSpSettings } from './saml-settings.ts';
export { parseIdpMetadata } from './saml-metadata.ts';

const engineModule = () => import('./saml-engine.ts');
const assertionModule = () => import('./saml-assertion.ts');

/** Our service provider's metadata XML for one connection (node-saml's generator, loaded on first use). */
export async function spMetadataXml(sp: SamlSpSettings): Promise<string> {
  return (await import('./saml-sp-metadata.ts')).spMetadataXml(sp);
}
export type { SamlAssertion } from './saml-assertion.ts';

const UNSPECIFIED_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** The IdP's SSO URL with a signed AuthnRequest (HTTP-Redirect binding), and that request's ID. */
export async function samlLoginRedirect(
  sp: SamlSpSettings,
  idp: SamlIdpSettings,
  opts: { relayState: string; now: Date },
): Promise<{ url: string; requestId: string }> {
  const { engineConfig, newMessageId, SamlEngine } = await engineModule();
  const requestId = newMessageId();
  const engine = new SamlEngine(engineConfig(sp, idp, requestId), opts.now);
  return { url: await engine.getAuthorizeUrlAsync(opts.relayState, undefined, {}), requestId };
}

/**
 * Checks a Response posted to our ACS (`samlResponse`: the base64 SAMLResponse form field) at `now`.
 * Throws SsoRefused with the reason (see types.ts) and node-saml's message as the detail.
 */
export async function acceptSamlResponse(
  sp: SamlSpSettings,
  idp: SamlIdpSettings,
  opts: { samlResponse: string; now: Date },
): Promise<SamlAssertion> {
  const [{ engineConfig, SamlEngine }, { addressingCheck, readAssertion, readResponseDocument, refusalOf }] = await Promise.all([engineModule(), assertionModule()]);
  const doc = readResponseDocument(opts.samlResponse);
  if (sp.wantEncryptedAssertions && children(doc.documentElement!, NS.assertion, 'Assertion').length > 0) {
    throw new SsoRefused('malformed', 'The assertion arrived unencrypted, but this service provider requires encrypted assertions');
  }
  const addressing = addressingCheck(sp, idp);
  const engine = new SamlEngine(engineConfig(sp, idp), opts.now, addressing.check);
  let result: Awaited<ReturnType<SamlEngine['validatePostResponseAsync']>>;
  try {
    result = await engine.validatePostResponseAsync({ SAMLResponse: opts.samlResponse });
  } catch (e) {
    throw await refusalOf(e, doc, sp);
  }
  const confirmation = addressing.confirmation();
  // node-saml answers a (signed) NoPassive status with no profile.
  if (!result.profile?.getAssertionXml || !confirmation) throw new SsoRefused('idp_error', 'The identity provider returned no assertion');
  return readAssertion(result.profile.getAssertionXml(), confirmation, sp);
}

/** The IdP's SLO URL with a signed LogoutRequest for this person, or null when the IdP has no SLO endpoint. */
export async function samlLogoutRedirect(
  sp: SamlSpSettings,
  idp: SamlIdpSettings,
  opts: { nameId: string; nameIdFormat?: string; sessionIndex?: string; relayState: string; now: Date },
): Promise<string | null> {
  if (!idp.sloUrl) return null;
  const { engineConfig, SamlEngine } = await engineModule();
  const engine = new SamlEngine(engineConfig(sp, idp), opts.now);
  const user = { issuer: sp.entityId, nameID: opts.nameId, nameIDFormat: opts.nameIdFormat ?? UNSPECIFIED_NAME_ID, sessionIndex: opts.sessionIndex };
  return engine.getLogoutUrlAsync(user, opts.relayState, {});
}

export type SamlLogoutMessage = { kind: 'request'; nameId: string; sessionIndex?: string; responseUrl: string } | { kind: 'response'; success: boolean };

const REDIRECT_PARAMS = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'];

/**
 * The redirect-binding parameters, each at most once, taken from the raw query the signature covers.
 * node-saml checks the signature over the raw tokens it finds by a loose pattern but reads the message
 * from the parsed query; handing it exactly these tokens and values keeps the two the same message.
 */
function redirectParams(originalQuery: string, query: Record<string, string>): { params: Record<string, string>; raw: string } {
  const params: Record<string, string> = {};
  const raw: string[] = [];
  for (const token of originalQuery.replace(/^\?/, '').split('&')) {
    const [key, value] = [...new URLSearchParams(token)][0] ?? ['', ''];
    if (!REDIRECT_PARAMS.includes(key)) continue;
    if (key in params) throw new SsoRefused('malformed', `The query repeats ${key}`);
    params[key] = value;
    raw.push(token);
  }
  for (const key of REDIRECT_PARAMS) {
    if (query[key] !== undefined && query[key] !== params[key]) throw new SsoRefused('malformed', `The parsed query's ${key} differs from the raw query`);
  }
  return { params, raw: raw.join('&') };
}

/**
 * A message arriving at our SLO URL (HTTP-Redirect binding): the IdP's LogoutRequest (end the person's
 * sessions, then send the browser to `responseUrl`, a signed LogoutResponse) or its LogoutResponse to
 * ours. `originalQuery` is the raw query string exactly as received (the signature covers its encoded
 * form, and the message is read from it); `query` is the route's parsed query, which must agree with it.
 * Unsigned messages are refused.
 */
export async function acceptSamlLogout(
  sp: SamlSpSettings,
  idp: SamlIdpSettings,
  opts: { query: Record<string, string>; originalQuery: string; now: Date },
): Promise<SamlLogoutMessage> {
  const { params, raw } = redirectParams(opts.originalQuery, opts.query);
  const param = params.SAMLRequest ? 'SAMLRequest' : params.SAMLResponse ? 'SAMLResponse' : null;
  if (!param) throw new SsoRefused('malformed', 'Neither SAMLRequest nor SAMLResponse is in the query');
  // node-saml accepts a redirect message without a Signature parameter; a logout must be signed.
  if (!params.Signature || !params.SigAlg) throw new SsoRefused('unsigned', 'The logout message has no Signature');
  const [{ engineConfig, SamlEngine }, { reasonFor }] = await Promise.all([engineModule(), assertionModule()]);
  const engine = new SamlEngine(engineConfig(sp, idp), opts.now);
  let profile: Awaited<ReturnType<SamlEngine['validateRedirectAsync']>>['profile'];
  try {
    ({ profile } = await engine.validateRedirectAsync(params, raw));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new SsoRefused(reasonFor(message), message);
  }
  const destination = attr(parseXml(inflateRawSync(Buffer.from(params[param]!, 'base64')).toString('utf8')).documentElement!, 'Destination');
  if (destination !== undefined && destination !== sp.sloUrl) throw new SsoRefused('wrong_organization', `Destination ${destination} is not ${sp.sloUrl}`);
  if (param === 'SAMLResponse') return { kind: 'response', success: engine.logoutStatus === STATUS_SUCCESS };
  if (!profile) throw new SsoRefused('malformed', 'The LogoutRequest could not be read');
  if (!idp.sloUrl) throw new SsoRefused('malformed', 'The identity provider sent a LogoutRequest but has no single logout URL to answer to');
  const responseUrl = await engine.getLogoutResponseUrlAsync(profile, params.RelayState ?? '', {}, true);
  return { kind: 'request', nameId: profile.nameID, ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}), responseUrl };
}
