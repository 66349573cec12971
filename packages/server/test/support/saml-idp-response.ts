// The test identity provider's SAML Responses, built to order: signed on the assertion, the response,
// both or neither; encrypted for the SP; for any audience, issuer, destination and validity window;
// with an error status instead of an assertion. Signing and encryption are samlify's (a SAML library
// independent of node-saml, which Laurel uses), so the test does not check Laurel against itself.
import { randomBytes } from 'node:crypto';
import samlify from 'samlify';

const { SamlLib } = samlify;

const P = 'urn:oasis:names:tc:SAML:2.0:protocol';
const A = 'urn:oasis:names:tc:SAML:2.0:assertion';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  authnFailed: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
  requestDenied: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
} as const;

/** The campus attributes (eduPerson / inetOrgPerson OIDs) with their FriendlyNames. */
export const ATTRIBUTE = {
  mail: 'urn:oid:0.9.2342.19200300.100.1.3',
  displayName: 'urn:oid:2.16.840.1.113730.3.1.241',
  eduPersonPrincipalName: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6',
  eduPersonScopedAffiliation: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.9',
} as const;

export interface SamlIdpUser {
  username: string;
  password: string;
  displayName: string;
  mail: string;
  eppn: string;
  affiliations: string[];
  /** The persistent NameID; default `id-<username>`. */
  nameId?: string;
}

export interface SigningKey {
  privateKeyPem: string;
  certificatePem: string;
}

export interface IssueResponseOptions {
  /** Entity ID of a service provider added to the IdP; default the last one added. */
  sp?: string;
  /** Default: the first user. */
  username?: string;
  inResponseTo?: string | null;
  /** The IdP's clock for this response; default the IdP's clock. */
  now?: Date;
  /** Default `now`. */
  notBefore?: Date;
  /** Conditions and SubjectConfirmationData NotOnOrAfter; default `now` + 5 minutes. */
  notOnOrAfter?: Date;
  /** Default: the SP's entity ID. */
  audience?: string;
  /** Response and assertion Issuer; default the IdP's entity ID. */
  issuer?: string;
  /** Response Destination; default the SP's ACS. */
  destination?: string;
  /** SubjectConfirmationData Recipient; default `destination`. */
  recipient?: string;
  /** Default 'assertion'. */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  /** Default: the IdP's own key. */
  signWith?: SigningKey;
  /** Encrypt the assertion (AES-256-CBC, RSA-OAEP) for the SP's certificate. */
  encrypt?: boolean;
  /** A status other than Success: the response then carries no assertion. */
  status?: { code: string; subCode?: string; message?: string };
  /** Added to (or replacing) the user's attributes, by Name. */
  attributes?: Record<string, string[]>;
  sessionIndex?: string;
}

/** What the builder needs to know about the IdP and the SP, resolved by saml-idp.ts. */
export interface ResponseContext {
  idpEntityId: string;
  idpKey: SigningKey;
  /** samlify's IdP entity (its encryption settings) and the SP entity (its certificate). */
  encryptor: Parameters<typeof SamlLib.encryptAssertion>[0];
  spEntity: Parameters<typeof SamlLib.encryptAssertion>[1];
  spEntityId: string;
  spAcsUrl: string;
  user: SamlIdpUser;
  now: Date;
}

const FRIENDLY: Record<string, string> = Object.fromEntries(Object.entries(ATTRIBUTE).map(([k, v]) => [v, k]));

export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const id = () => `_${randomBytes(16).toString('hex')}`;
const certBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

function attributeStatement(user: SamlIdpUser, extra: Record<string, string[]> = {}): string {
  const values: Record<string, string[]> = {
    [ATTRIBUTE.mail]: [user.mail],
    [ATTRIBUTE.displayName]: [user.displayName],
    [ATTRIBUTE.eduPersonPrincipalName]: [user.eppn],
    [ATTRIBUTE.eduPersonScopedAffiliation]: user.affiliations,
    ...extra,
  };
  const attributes = Object.entries(values).map(([name, vs]) => {
    const friendly = FRIENDLY[name] ? ` FriendlyName="${FRIENDLY[name]}"` : '';
    const inner = vs.map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`).join('');
    return `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"${friendly}>${inner}</saml:Attribute>`;
  });
  return `<saml:AttributeStatement>${attributes.join('')}</saml:AttributeStatement>`;
}

function assertionXml(c: ResponseContext, o: IssueResponseOptions, w: { issuer: string; recipient: string; notBefore: string; notOnOrAfter: string }): string {
  const now = c.now.toISOString();
  const irt = o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : '';
  // The assertion declares every namespace it uses, so it stands alone once encrypted and decrypted.
  return (
    `<saml:Assertion xmlns:saml="${A}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${id()}" Version="2.0" IssueInstant="${now}">` +
    `<saml:Issuer>${esc(w.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${PERSISTENT}">${esc(c.user.nameId ?? `id-${c.user.username}`)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${w.notOnOrAfter}" Recipient="${esc(w.recipient)}"${irt}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${w.notBefore}" NotOnOrAfter="${w.notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience ?? c.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now}" SessionIndex="${esc(o.sessionIndex ?? id())}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    attributeStatement(c.user, o.attributes) +
    `</saml:Assertion>`
  );
}

function statusXml(status: IssueResponseOptions['status']): string {
  if (!status) return `<samlp:Status><samlp:StatusCode Value="${STATUS.success}"/></samlp:Status>`;
  const sub = status.subCode ? `<samlp:StatusCode Value="${esc(status.subCode)}"/>` : '';
  const message = status.message ? `<samlp:StatusMessage>${esc(status.message)}</samlp:StatusMessage>` : '';
  return `<samlp:Status><samlp:StatusCode Value="${esc(status.code)}">${sub}</samlp:StatusCode>${message}</samlp:Status>`;
}

function sign(xml: string, key: SigningKey, what: 'assertion' | 'response'): string {
  const assertionPath = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";
  return SamlLib.constructSAMLSignature({
    rawSamlMessage: xml,
    privateKey: key.privateKeyPem,
    signingCert: certBody(key.certificatePem),
    signatureAlgorithm: RSA_SHA256,
    isBase64Output: false,
    ...(what === 'assertion' ? { referenceTagXPath: assertionPath } : { isMessageSigned: true }),
    // saml-core §5.4.1: the Signature follows the Issuer of the signed element.
    signatureConfig: {
      prefix: 'ds',
      location: { reference: what === 'assertion' ? `${assertionPath}/*[local-name(.)='Issuer']` : "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' },
    },
  });
}

/** A base64 SAMLResponse, as the SAMLResponse form field carries it. */
export async function buildResponse(c: ResponseContext, o: IssueResponseOptions): Promise<string> {
  const issuer = o.issuer ?? c.idpEntityId;
  const destination = o.destination ?? c.spAcsUrl;
  const window = {
    issuer,
    recipient: o.recipient ?? destination,
    notBefore: (o.notBefore ?? c.now).toISOString(),
    notOnOrAfter: (o.notOnOrAfter ?? new Date(c.now.getTime() + 5 * 60_000)).toISOString(),
  };
  const failed = o.status && o.status.code !== STATUS.success;
  const irt = o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : '';
  let xml =
    `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}" ID="${id()}" Version="2.0" IssueInstant="${c.now.toISOString()}" Destination="${esc(destination)}"${irt}>` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer>${statusXml(o.status)}${failed ? '' : assertionXml(c, o, window)}</samlp:Response>`;
  const how = o.sign ?? 'assertion';
  const key = o.signWith ?? c.idpKey;
  if (!failed && (how === 'assertion' || how === 'both')) xml = sign(xml, key, 'assertion');
  if (!failed && o.encrypt) xml = Buffer.from(await SamlLib.encryptAssertion(c.encryptor, c.spEntity, xml), 'base64').toString('utf8');
  if (how === 'response' || how === 'both') xml = sign(xml, key, 'response');
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** Edits a signed response, to prove that signatures are checked. */
export const tamper = {
  xml(samlResponse: string, edit: (xml: string) => string): string {
    return Buffer.from(edit(Buffer.from(samlResponse, 'base64').toString('utf8')), 'utf8').toString('base64');
  },
  /** Replaces one exact piece of text; throws when it is absent, so a test cannot tamper with nothing. */
  replace(samlResponse: string, search: string, replacement: string): string {
    return tamper.xml(samlResponse, (xml) => {
      if (!xml.includes(search)) throw new Error(`tamper.replace: "${search}" is not in the response`);
      return xml.replace(search, replacement);
    });
  },
};
