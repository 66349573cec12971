// What Laurel checks and reads in a SAML Response beyond node-saml's signature, time and audience
// checks, and how any failure becomes a SsoRefused with a stable reason.
// node-saml verifies the signature and hands over the verified assertion; it does not compare the
// Issuer with the IdP, nor Destination/Recipient with our ACS, nor (when validateInResponseTo is
// 'never') look at the bearer SubjectConfirmationData at all. Those checks are here. Everything read
// into the SsoAssertion comes from the verified assertion XML only; the Response around it may be
// unsigned, so its fields are used only to refuse, never to accept.
import { SamlStatusError } from '@node-saml/node-saml';
import { decryptXml } from '@node-saml/node-saml/lib/xml.js';
import type { Document, Element } from '@xmldom/xmldom';
import type { AssertionCheck } from './saml-engine.ts';
import type { SamlIdpSettings, SamlSpSettings } from './saml-settings.ts';
import { attr, child, children, is, NS, parseXml, serializeXml, STATUS_SUCCESS, text } from './saml-xml.ts';
import { SsoRefused, type SsoAssertion, type SsoRefusal } from './types.ts';

const A = NS.assertion;
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export type SamlAssertion = SsoAssertion & { inResponseTo: string | null; issuer: string };

/** The base64 form field as a parsed samlp:Response, or SsoRefused('malformed'). */
export function readResponseDocument(samlResponse: string): Document {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) throw new SsoRefused('malformed', 'SAMLResponse is not base64');
  let doc: Document;
  try {
    doc = parseXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
  } catch (e) {
    throw new SsoRefused('malformed', `SAMLResponse is not XML: ${(e as Error).message}`);
  }
  const root = doc.documentElement!;
  if (!is(root, NS.protocol, 'Response')) throw new SsoRefused('malformed', `SAMLResponse holds a ${root.localName}, not a samlp:Response`);
  return doc;
}

/** The node-saml message of a failure mapped to a reason (the message becomes the detail). */
export function reasonFor(message: string): SsoRefusal {
  if (/not yet valid/i.test(message)) return 'not_yet_valid';
  if (/expired/i.test(message)) return 'expired';
  if (/audience/i.test(message)) return 'audience_mismatch';
  if (/SAML issuer/i.test(message)) return 'issuer_mismatch';
  if (/signature|signed references|referenced node|ID cannot refer|is not supported/i.test(message)) return 'signature_invalid';
  return 'malformed';
}

/** Whether the response or its assertion (decrypted, when encrypted) carries an XML signature at all. */
async function carriesSignature(doc: Document, sp: SamlSpSettings): Promise<boolean> {
  const root = doc.documentElement!;
  const signed = (el: Element) => children(el, NS.dsig, 'Signature').length > 0;
  if (signed(root) || children(root, A, 'Assertion').some(signed)) return true;
  for (const encrypted of children(root, A, 'EncryptedAssertion')) {
    try {
      if (signed(parseXml(await decryptXml(serializeXml(encrypted), sp.privateKeyPem)).documentElement!)) return true;
    } catch {
      // Undecryptable: node-saml's own error already said so; "unsigned" would be a guess.
      return true;
    }
  }
  return false;
}

/** Any failure of acceptSamlResponse as a SsoRefused; 'unsigned' when a signature failure had no signature. */
export async function refusalOf(err: unknown, doc: Document, sp: SamlSpSettings): Promise<SsoRefused> {
  if (err instanceof SsoRefused) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SamlStatusError) return new SsoRefused('idp_error', message);
  const reason = reasonFor(message);
  if (reason === 'signature_invalid' && !(await carriesSignature(doc, sp))) return new SsoRefused('unsigned', message);
  return new SsoRefused(reason, message);
}

function statusOf(response: Element): string | undefined {
  const status = child(response, NS.protocol, 'Status');
  return attr(status && child(status, NS.protocol, 'StatusCode'), 'Value');
}

/** The bearer SubjectConfirmationData addressed to our ACS and valid now (saml-profiles §4.1.4.2-3). */
function bearerConfirmation(assertion: Element, acsUrl: string, checkTime: Parameters<AssertionCheck>[2]): Element {
  const subject = child(assertion, A, 'Subject');
  const data = (subject ? children(subject, A, 'SubjectConfirmation') : [])
    .filter((sc) => attr(sc, 'Method') === BEARER)
    .flatMap((sc) => children(sc, A, 'SubjectConfirmationData'));
  if (data.length === 0) throw new SsoRefused('malformed', 'The assertion has no bearer SubjectConfirmationData');
  const ours = data.filter((d) => attr(d, 'Recipient') === acsUrl);
  if (ours.length === 0) {
    const recipients = data.map((d) => attr(d, 'Recipient') ?? '(none)').join(', ');
    throw new SsoRefused('wrong_organization', `SubjectConfirmationData Recipient ${recipients} is not ${acsUrl}`);
  }
  let failure: Error | null = new Error('SubjectConfirmationData has no NotOnOrAfter');
  for (const d of ours.filter((x) => attr(x, 'NotOnOrAfter'))) {
    failure = checkTime(attr(d, 'NotBefore'), attr(d, 'NotOnOrAfter'));
    if (!failure) return d;
  }
  throw new SsoRefused(reasonFor(failure.message), failure.message);
}

/**
 * The checks node-saml leaves out, run on the verified assertion before its time and audience checks
 * (so a response for another organization's ACS is refused as such, whatever else is wrong with it).
 * `confirmation()` is the bearer confirmation that passed, for readAssertion.
 */
export function addressingCheck(sp: SamlSpSettings, idp: SamlIdpSettings): { check: AssertionCheck; confirmation: () => Element | undefined } {
  let confirmation: Element | undefined;
  const check: AssertionCheck = (assertionXml, responseXml, checkTime) => {
    const response = parseXml(responseXml).documentElement!;
    const destination = attr(response, 'Destination');
    if (destination !== undefined && destination !== sp.acsUrl) {
      throw new SsoRefused('wrong_organization', `Response Destination ${destination} is not ${sp.acsUrl}`);
    }
    const responseIssuer = child(response, A, 'Issuer');
    if (responseIssuer && text(responseIssuer) !== idp.entityId) {
      throw new SsoRefused('issuer_mismatch', `Response Issuer ${text(responseIssuer)} is not ${idp.entityId}`);
    }
    const status = statusOf(response);
    if (status !== STATUS_SUCCESS) throw new SsoRefused('idp_error', `Response status ${status ?? '(none)'} with an assertion`);
    const assertion = parseXml(assertionXml).documentElement!;
    const issuer = text(child(assertion, A, 'Issuer'));
    if (issuer !== idp.entityId) throw new SsoRefused('issuer_mismatch', `Assertion Issuer ${issuer || '(none)'} is not ${idp.entityId}`);
    confirmation = bearerConfirmation(assertion, sp.acsUrl, checkTime);
    const signedInResponseTo = attr(confirmation, 'InResponseTo');
    const responseInResponseTo = attr(response, 'InResponseTo');
    if (signedInResponseTo && responseInResponseTo && signedInResponseTo !== responseInResponseTo) {
      throw new SsoRefused('state_invalid', `Response InResponseTo ${responseInResponseTo} differs from the assertion's ${signedInResponseTo}`);
    }
  };
  return { check, confirmation: () => confirmation };
}

function attributesOf(assertion: Element): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (key: string, values: string[]) => {
    out[key] = [...(out[key] ?? []), ...values];
  };
  for (const statement of children(assertion, A, 'AttributeStatement')) {
    for (const attribute of children(statement, A, 'Attribute')) {
      const values = children(attribute, A, 'AttributeValue')
        .filter((v) => v.getAttributeNS(XSI, 'nil') !== 'true')
        .map((v) => text(v));
      const name = attr(attribute, 'Name');
      const friendly = attr(attribute, 'FriendlyName');
      if (name) add(name, values);
      if (friendly && friendly !== name) add(friendly, values);
    }
  }
  return out;
}

function laterOf(a: string | undefined, b: string | undefined): number {
  return Math.max(...[a, b].filter((x): x is string => Boolean(x)).map((x) => Date.parse(x)));
}

/**
 * The SsoAssertion from a verified assertion. replayUntil is the later of the Conditions and the
 * confirmation NotOnOrAfter plus the accepted skew: the last moment this assertion would be accepted,
 * so remembering its ID until then is enough.
 */
export function readAssertion(assertionXml: string, confirmation: Element, sp: SamlSpSettings): SamlAssertion {
  const assertion = parseXml(assertionXml).documentElement!;
  const id = attr(assertion, 'ID');
  const subject = child(assertion, A, 'Subject');
  const nameId = subject && child(subject, A, 'NameID');
  if (!id) throw new SsoRefused('malformed', 'The assertion has no ID');
  if (!nameId || !text(nameId)) throw new SsoRefused('malformed', 'The assertion has no NameID (an encrypted NameID is not supported)');
  const until = laterOf(attr(child(assertion, A, 'Conditions'), 'NotOnOrAfter'), attr(confirmation, 'NotOnOrAfter'));
  if (!Number.isFinite(until)) throw new SsoRefused('malformed', 'The assertion has no usable NotOnOrAfter');
  const nameIdFormat = attr(nameId, 'Format');
  const sessionIndex = attr(child(assertion, A, 'AuthnStatement'), 'SessionIndex');
  return {
    attributes: attributesOf(assertion),
    subject: text(nameId),
    ...(nameIdFormat ? { nameIdFormat } : {}),
    ...(sessionIndex ? { sessionIndex } : {}),
    replayKey: id,
    replayUntil: new Date(until + sp.clockSkewMs).toISOString(),
    inResponseTo: attr(confirmation, 'InResponseTo') ?? null,
    issuer: text(child(assertion, A, 'Issuer')),
  };
}
