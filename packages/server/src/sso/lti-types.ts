// What the LTI 1.3 adapters (lti-launch.ts, lti-messages.ts, lti-registration.ts) share: the claim names
// of 1EdTech LTI Core 1.3, Deep Linking 2.0 and Dynamic Registration 1.0, the launch as the domain reads
// it, and the stable reasons a launch is refused. Like the rest of sso/, a base layer: JWTs and JSON,
// never tables or pages.

export const LTI_VERSION = '1.3.0';

export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  deepLinkingMessage: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrpsService: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

/** The scopes Laurel asks for: line items and results (award rules, items 3–4) and course rosters. */
export const TOOL_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
] as const;

export type LtiMessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';

/** A launch whose id_token verified: the claims Laurel acts on, read into plain fields. */
export interface LtiLaunch {
  readonly messageType: LtiMessageType;
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly targetLinkUri: string;
  /** The platform's id for the person; absent for an anonymous launch. */
  readonly subject: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly roles: readonly string[];
  /** Instructor or Administrator of the context (course), by the LIS membership vocabulary. */
  readonly isInstructor: boolean;
  readonly context: { readonly id: string; readonly title: string; readonly label: string | null } | null;
  readonly resourceLink: { readonly id: string; readonly title: string | null } | null;
  /** String values of the custom claim (Canvas's canvas_* substitutions, the content item's own). */
  readonly custom: Readonly<Record<string, string>>;
  readonly deepLinking: {
    readonly returnUrl: string;
    readonly acceptTypes: readonly string[];
    readonly acceptMultiple: boolean;
    /** Opaque; must be sent back unchanged in the response. */
    readonly data: string | null;
  } | null;
  /** Assignment and Grade Services for the context (AGS 2.0 endpoint claim): the scopes granted, the line items container, the link's own line item. */
  readonly ags: { readonly scopes: readonly string[]; readonly lineItemsUrl: string | null; readonly lineItemUrl: string | null } | null;
  /** Names and Role Provisioning Services (NRPS 2.0): the context's membership URL. */
  readonly nrps: { readonly membershipsUrl: string } | null;
  /** Where the person came from on the platform (launch_presentation.return_url), if given. */
  readonly returnUrl: string | null;
  readonly productFamily: string | null;
  /** The nonce the platform echoed: Laurel's own, sent at login. */
  readonly nonce: string;
  /** Expiry of the id_token (ISO 8601): how long its nonce must be remembered. */
  readonly expiresAt: string;
}

/** Why a launch (or a login initiation, or the deep-linking step) was refused. Stable: audit `data.reason`, tests. */
export type LtiRefusal =
  | 'signature_invalid' // tampered, or signed by a key the platform does not hold
  | 'unsigned' // alg "none"
  | 'unknown_key' // a kid not in the platform's JWKS (after one refetch)
  | 'jwks_unavailable' // the platform's JWKS could not be fetched or read
  | 'expired'
  | 'not_yet_valid'
  | 'audience_mismatch' // for another client id
  | 'issuer_mismatch' // from another platform than the login was for
  | 'replayed' // an id_token or nonce seen before, or a used login
  | 'state_invalid' // unknown or expired state
  | 'browser_mismatch' // the state belongs to another browser (https only: the binding cookie)
  | 'unknown_platform' // no registration for this issuer / client id
  | 'platform_disabled'
  | 'unknown_deployment' // a deployment id the registration does not list
  | 'wrong_message_type' // not LtiResourceLinkRequest / LtiDeepLinkingRequest
  | 'not_instructor' // deep linking by someone who is not an instructor of the course
  | 'wrong_organization' // a badge class of another institution
  | 'platform_error' // the platform answered the authentication request with an error
  | 'malformed'; // not an LTI 1.3 message (missing or wrong claims, undecodable)

export class LtiRefused extends Error {
  constructor(
    readonly reason: LtiRefusal,
    /** For logs and the audit event only; never shown as is. */
    readonly detail: string,
  ) {
    super(`LTI launch refused: ${reason}`);
    this.name = 'LtiRefused';
  }
}

/** A JSON Web Key Set as fetched or published. */
export interface Jwks {
  readonly keys: ReadonlyArray<Record<string, unknown>>;
}
