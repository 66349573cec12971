// The id_token claims of the test LTI platform, in the two dialects Laurel meets most: Canvas (its
// `canvas_*` custom substitutions, the lis claim, institution + membership + system roles, a context
// typed with the full LIS vocabulary URI, placement and legacy user-id claims) and Moodle (site
// administrator roles beside membership#Instructor, a context typed "CourseSection", the ext claim and an
// empty lis). Shapes follow what those platforms send (1EdTech LTI Core 1.3 and Deep Linking 2.0). Both
// dialects add the LTI Advantage service claims (AGS endpoint, NRPS service) to resource-link and
// deep-linking launches, pointing at the course's endpoints of lti-platform-services.ts.

export type PlatformDialect = 'canvas' | 'moodle';

export interface PlatformUser {
  readonly sub: string;
  readonly name: string;
  readonly email?: string;
  readonly role: 'instructor' | 'student';
}

export interface LaunchSpec {
  readonly messageType: string;
  readonly user: PlatformUser;
  readonly context: { readonly id: string; readonly title: string; readonly label: string };
  readonly resourceLink?: { readonly id: string; readonly title: string };
  readonly custom?: Readonly<Record<string, string>>;
  readonly clientId?: string;
  readonly deploymentId?: string;
  /** false: a launch without the AGS and NRPS claims (a tool installed without those services). */
  readonly services?: false;
  /** What the test changes to be refused: claims edited after they are built, or the way the token is signed. */
  readonly tamper?: {
    readonly claims?: (c: Record<string, unknown>) => void;
    /** stranger: another key under the platform's kid; unknown_kid: a kid the JWKS lacks; none: alg none; forged: a claim changed after signing. */
    readonly sign?: 'stranger' | 'unknown_kid' | 'none' | 'forged';
  };
}

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const C = 'https://purl.imsglobal.org/spec/lti/claim';

function rolesFor(dialect: PlatformDialect, role: PlatformUser['role']): string[] {
  if (dialect === 'canvas') {
    return role === 'instructor'
      ? [`${LIS}/institution/person#Instructor`, `${LIS}/membership#Instructor`, `${LIS}/system/person#User`]
      : [`${LIS}/institution/person#Student`, `${LIS}/membership#Learner`, `${LIS}/system/person#User`];
  }
  return role === 'instructor' ? [`${LIS}/institution/person#Administrator`, `${LIS}/membership#Instructor`, `${LIS}/system/person#Administrator`] : [`${LIS}/membership#Learner`];
}

/** Where the launch's course's services are (lti-platform-services.ts). */
export interface ServiceClaimUrls {
  readonly lineItemsUrl: string;
  /** The line item of the launch's resource link, if the course has one. */
  readonly lineItemUrl?: string;
  readonly membershipsUrl: string;
}

export interface ClaimInput {
  readonly dialect: PlatformDialect;
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly targetLinkUri: string;
  readonly nonce: string;
  readonly now: Date;
  readonly spec: LaunchSpec;
  /** The service claims' URLs; no service claims when absent. */
  readonly services?: ServiceClaimUrls;
}

const AGS_SCOPES = ['lineitem', 'lineitem.readonly', 'result.readonly', 'score'].map((s) => `https://purl.imsglobal.org/spec/lti-ags/scope/${s}`);

/** The AGS endpoint and NRPS service claims (AGS 2.0 §3.1, NRPS 2.0 §3.6.1); Canvas adds its validation noise. */
function serviceClaims(dialect: PlatformDialect, s: ServiceClaimUrls): Record<string, unknown> {
  const noise = dialect === 'canvas' ? { validation_context: null, errors: { errors: {} } } : {};
  return {
    'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: AGS_SCOPES, lineitems: s.lineItemsUrl, ...(s.lineItemUrl ? { lineitem: s.lineItemUrl } : {}), ...noise },
    'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: s.membershipsUrl, service_versions: ['2.0'], ...noise },
  };
}

function deepLinkingSettings(i: ClaimInput): Record<string, unknown> {
  const returnUrl = `${i.issuer}/deep-link-return?course=${encodeURIComponent(i.spec.context.id)}`;
  return i.dialect === 'canvas'
    ? { deep_link_return_url: returnUrl, accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['iframe', 'window'], accept_media_types: 'application/vnd.ims.lti.v1.ltilink', auto_create: false, accept_multiple: false, data: `canvas-data-${i.spec.context.id}` }
    : { deep_link_return_url: returnUrl, accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['frame', 'iframe', 'window'], accept_copy_advice: false, accept_multiple: true, accept_unsigned: false, auto_create: true, can_confirm: false, accept_lineitem: true, title: '', text: '', data: `moodle-data-${i.spec.context.id}` };
}

/** The whole claim set of one launch, before any tampering. */
export function launchClaims(i: ClaimInput): Record<string, unknown> {
  const { spec, dialect } = i;
  const iat = Math.floor(i.now.getTime() / 1000);
  const [given, ...family] = spec.user.name.split(' ');
  const common: Record<string, unknown> = {
    iss: i.issuer,
    aud: i.clientId,
    sub: spec.user.sub,
    iat,
    exp: iat + 3600,
    nonce: i.nonce,
    name: spec.user.name,
    given_name: given,
    family_name: family.join(' '),
    ...(spec.user.email ? { email: spec.user.email } : {}),
    [`${C}/message_type`]: spec.messageType,
    [`${C}/version`]: '1.3.0',
    [`${C}/deployment_id`]: i.deploymentId,
    [`${C}/target_link_uri`]: i.targetLinkUri,
    [`${C}/roles`]: rolesFor(dialect, spec.user.role),
    ...(spec.resourceLink ? { [`${C}/resource_link`]: { id: spec.resourceLink.id, title: spec.resourceLink.title, description: '' } } : {}),
    ...(spec.messageType === 'LtiDeepLinkingRequest' ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': deepLinkingSettings(i) } : {}),
    ...(i.services ? serviceClaims(dialect, i.services) : {}),
  };
  if (dialect === 'canvas') {
    return {
      ...common,
      azp: i.clientId,
      locale: 'en',
      picture: 'https://canvas.example.edu/images/messages/avatar-50.png',
      [`${C}/context`]: { id: spec.context.id, label: spec.context.label, title: spec.context.title, type: [`${LIS}/course#CourseOffering`], validation_context: null, errors: { errors: {} } },
      [`${C}/custom`]: { canvas_course_id: '4242', canvas_user_id: '1001', canvas_user_login_id: spec.user.sub, ...(spec.custom ?? {}) },
      [`${C}/lis`]: { person_sourcedid: `SIS-${spec.user.sub}`, course_offering_sourcedid: `SIS-${spec.context.id}`, validation_context: null, errors: { errors: {} } },
      [`${C}/tool_platform`]: { guid: 'canvas-test-guid:canvas-lms', name: 'Red River Canvas', version: 'cloud', product_family_code: 'canvas', validation_context: null, errors: { errors: {} } },
      [`${C}/launch_presentation`]: { document_target: 'iframe', return_url: `${i.issuer}/courses/4242/external_content/success/external_tool_redirect`, locale: 'en', height: 400, width: 800 },
      [`${C}/lti11_legacy_user_id`]: `legacy-${spec.user.sub}`,
      [`${C}/lti1p1`]: { user_id: `legacy-${spec.user.sub}` },
      'https://www.instructure.com/placement': spec.messageType === 'LtiDeepLinkingRequest' ? 'assignment_selection' : null,
      errors: { errors: {} },
    };
  }
  return {
    ...common,
    [`${C}/context`]: { id: spec.context.id, label: spec.context.label, title: spec.context.title, type: ['CourseSection'] },
    [`${C}/custom`]: spec.custom ?? {},
    [`${C}/lis`]: { person_sourcedid: '', course_section_sourcedid: '' },
    [`${C}/ext`]: { user_username: spec.user.sub, lms: 'moodle-2' },
    [`${C}/tool_platform`]: { product_family_code: 'moodle', version: '2024042200', guid: new URL(i.issuer).host, name: 'Northern Plains Moodle', description: 'Moodle' },
    [`${C}/launch_presentation`]: { locale: 'en', document_target: 'iframe', return_url: `${i.issuer}/mod/lti/return.php?course=${spec.context.id}&launch_container=3&instanceid=1&sesskey=test` },
  };
}
