// node-saml, configured for Laurel and given an injected clock. node-saml does all the protocol work
// (XML signature checks with xml-crypto, decryption, timestamps, audience, redirect-binding signatures);
// this file only adapts it:
// - The clock. node-saml has no clock option: it reads `new Date()` in processValidlySignedAssertionAsync
//   and verifyLogoutRequest and hands that time to the protected checkTimestampsValidityError, and stamps
//   outgoing messages with `new Date().toISOString()`. The subclass overrides exactly those points to use
//   the `now` it was built with (acceptedClockSkewMs alone cannot move the clock).
// - No request cache: validateInResponseTo is 'never' and the caller checks InResponseTo and replays
//   against its own storage, so a no-op cache replaces node-saml's in-memory one (which would keep state
//   per process and start timers).
// - Redirect-binding signatures are computed over the query exactly as the URL carries it (see signRequest).
// - A hook, run on the verified assertion before node-saml checks times and audience, for the checks
//   node-saml does not make (Issuer, Destination/Recipient, status) — see saml-assertion.ts.
import { createSign, randomBytes } from 'node:crypto';
import type { ParsedUrlQueryInput } from 'node:querystring';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile, type SamlConfig } from '@node-saml/node-saml';
import type { SamlIdpSettings, SamlSpSettings } from './saml-settings.ts';
import { parseXml, serializeXml, STATUS_SUCCESS } from './saml-xml.ts';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

const NO_CACHE: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

/** A SAML ID: starts with a letter or underscore (xs:ID), 160 random bits like node-saml's own. */
export function newMessageId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/** Checks a NotBefore/NotOnOrAfter pair against the injected clock and the SP's skew; null when fine. */
export type TimeCheck = (notBefore: string | undefined, notOnOrAfter: string | undefined) => Error | null;

/** Runs on a verified assertion (and the whole, possibly unsigned, response) before time and audience checks. */
export type AssertionCheck = (assertionXml: string, responseXml: string, checkTime: TimeCheck) => void;

export function engineConfig(sp: SamlSpSettings, idp: SamlIdpSettings, messageId: string = newMessageId()): SamlConfig {
  return {
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    logoutCallbackUrl: sp.sloUrl,
    entryPoint: idp.ssoUrl,
    // With no logoutUrl node-saml would send logout messages to the SSO URL: saml.ts never builds one then.
    logoutUrl: idp.sloUrl ?? '',
    idpIssuer: idp.entityId,
    idpCert: idp.certificates,
    privateKey: sp.privateKeyPem,
    publicCert: sp.certificatePem,
    decryptionPvk: sp.privateKeyPem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    acceptedClockSkewMs: sp.clockSkewMs,
    // A signature on the assertion or on the whole response is enough (either covers the assertion);
    // node-saml still refuses a response with neither. The metadata asks for signed assertions.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.never,
    cacheProvider: NO_CACHE,
    // Let the IdP choose the NameID format and authentication method: campus IdPs refuse requests for a
    // format they do not release (InvalidNameIDPolicy) or a context they exceed, e.g. with MFA (NoAuthnContext).
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    generateUniqueId: () => messageId,
  };
}

/** Sets the root element's IssueInstant to the injected time. */
function stamped(xml: string, now: Date): string {
  const doc = parseXml(xml);
  doc.documentElement!.setAttribute('IssueInstant', now.toISOString());
  return serializeXml(doc);
}

export class SamlEngine extends SAML {
  /** The StatusCode of the last LogoutResponse validated (reported, not thrown, when not Success). */
  logoutStatus: string | undefined;

  constructor(
    config: SamlConfig,
    private readonly now: Date,
    private readonly assertionCheck?: AssertionCheck,
  ) {
    super(config);
  }

  protected override checkTimestampsValidityError(_nowMs: number, notBefore: string, notOnOrAfter: string, maxTimeLimitMs?: number): Error | null {
    return super.checkTimestampsValidityError(this.now.getTime(), notBefore, notOnOrAfter, maxTimeLimitMs);
  }

  protected override async processValidlySignedAssertionAsync(xml: string, samlResponseXml: string, inResponseTo: string | null): Promise<{ profile: Profile; loggedOut: boolean }> {
    this.assertionCheck?.(xml, samlResponseXml, (notBefore, notOnOrAfter) =>
      super.checkTimestampsValidityError(this.now.getTime(), notBefore!, notOnOrAfter!),
    );
    return super.processValidlySignedAssertionAsync(xml, samlResponseXml, inResponseTo);
  }

  protected override async verifyLogoutResponse(doc: Record<string, any>): Promise<void> {
    this.logoutStatus = doc.LogoutResponse?.Status?.[0]?.StatusCode?.[0]?.$?.Value;
    if (this.logoutStatus === STATUS_SUCCESS) return super.verifyLogoutResponse(doc);
    // node-saml throws here, before the signature is checked; instead check the issuer now, let the
    // signature be checked next, and report success: false.
    this.verifyIssuer(doc.LogoutResponse);
  }

  protected override async generateAuthorizeRequestAsync(isPassive: boolean, isHttpPostBinding: boolean): Promise<string> {
    return stamped(await super.generateAuthorizeRequestAsync(isPassive, isHttpPostBinding), this.now);
  }

  override async _generateLogoutRequest(user: Profile): Promise<string> {
    return stamped(await super._generateLogoutRequest(user), this.now);
  }

  override _generateLogoutResponse(logoutRequest: Profile, success: boolean): string {
    return stamped(super._generateLogoutResponse(logoutRequest, success), this.now);
  }

  /**
   * node-saml signs `querystring.stringify(...)` but writes the URL with URLSearchParams, whose escaping
   * differs (space, ! ' ( ) ~), so a RelayState with such characters would not verify at the IdP.
   * saml-bindings §3.4.4.1: the signature covers the parameters as they appear in the URL — sign that.
   */
  protected override signRequest(samlMessage: ParsedUrlQueryInput): void {
    samlMessage.SigAlg = RSA_SHA256;
    const signed = new URLSearchParams();
    for (const key of ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg']) {
      const value = samlMessage[key];
      if (value) signed.set(key, String(value));
    }
    samlMessage.Signature = createSign('RSA-SHA256').update(signed.toString()).sign(this.options.privateKey!, 'base64');
  }
}
