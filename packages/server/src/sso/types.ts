// What the two single sign-on protocols (SAML 2.0 in saml.ts, OpenID Connect in oidc.ts) hand to the
// domain: the person the identity provider vouched for, or a refusal with a reason. The protocol
// modules are a base layer: they know XML, JWTs and HTTP, never tables, use cases or pages.

/** The identity provider vouched for this person. */
export interface SsoAssertion {
  /**
   * Every attribute (SAML: by Name and, where given, FriendlyName; OIDC: every id_token and userinfo
   * claim) as arrays of strings. The domain's attribute mapping reads email, name, the stable id and
   * the role-granting values from here.
   */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** The protocol's own subject: SAML NameID value, OIDC `sub`. */
  readonly subject: string;
  /** SAML: the NameID format, kept for single logout. */
  readonly nameIdFormat?: string;
  /** SAML: the AuthnStatement SessionIndex, kept for single logout. */
  readonly sessionIndex?: string;
  /** OIDC: the raw id_token, kept as id_token_hint for RP-initiated logout. */
  readonly idToken?: string;
  /** OIDC: the `sid` claim, for back-channel/front-channel logout. */
  readonly sid?: string;
  /** A value that must never be accepted twice (SAML assertion ID; OIDC: the id_token's jti or nonce). */
  readonly replayKey: string;
  /** Until when the replay key must be remembered (ISO 8601): the assertion's or token's expiry. */
  readonly replayUntil: string;
}

/** Why a sign-in response was refused. Stable: used in audit events (`data.reason`) and tests. */
export type SsoRefusal =
  | 'signature_invalid' // tampered, or signed by a key the IdP's configuration does not hold
  | 'unsigned' // no signature on the assertion (SAML) or alg "none" (OIDC)
  | 'unknown_key' // OIDC: a kid / key not in the IdP's JWKS
  | 'audience_mismatch' // for another service provider / client
  | 'issuer_mismatch' // from another IdP
  | 'expired'
  | 'not_yet_valid'
  | 'replayed' // assertion id or nonce seen before
  | 'state_invalid' // unknown, used or expired state / RelayState / InResponseTo
  | 'wrong_organization' // a response addressed to another organization's SP
  | 'idp_error' // the IdP answered with an error (user cancelled, access denied)
  | 'malformed'; // not parseable as a response of the protocol

export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoRefusal,
    /** For logs and the audit event only; never shown to the person signing in. */
    readonly detail: string,
  ) {
    super(`Single sign-on refused: ${reason}`);
    this.name = 'SsoRefused';
  }
}

/** An identity provider's configuration cannot be used (saving it is refused). `field` names the form field. */
export class SsoConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SsoConfigError';
  }
}
