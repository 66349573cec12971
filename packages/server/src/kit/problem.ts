// RFC 9457 problem details. Domain codes map to HTTP statuses here, once; HTTP-only codes are added.
import { DOMAIN_ERROR_CODES, type DomainErrorCode } from '../domain/errors.ts';

export const HTTP_ERROR_CODES = [
  // VC-API: POST /credentials/verify and /presentations/verify answer 400 when verification fails (the body still carries the checks).
  'verification_failed',
  'bad_request',
  'csrf_failed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'service_unavailable',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];
export type ErrorCode = DomainErrorCode | HttpErrorCode;

export const ALL_ERROR_CODES: readonly ErrorCode[] = [...DOMAIN_ERROR_CODES, ...HTTP_ERROR_CODES];

export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 422,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  invalid_credentials: 401,
  account_locked: 423,
  account_deactivated: 403,
  duplicate_institution: 409,
  duplicate_email: 409,
  already_member: 409,
  invitation_invalid: 404,
  invitation_expired: 410,
  invitation_email_mismatch: 409,
  reset_link_invalid: 404,
  reset_link_expired: 410,
  wrong_password: 422,
  last_system_admin: 409,
  cannot_change_self: 409,
  token_invalid: 401,
  rules_failed: 422,
  invalid_transition: 409,
  request_conflict: 409,
  request_not_editable: 409,
  attachment_rejected: 422,
  credential_invalid: 422,
  issuer_mismatch: 422,
  key_rotation_conflict: 409,
  duplicate_award: 409,
  idempotency_conflict: 422,
  claim_link_invalid: 404,
  claim_link_expired: 410,
  badge_import_failed: 422,
  mfa_code_invalid: 401,
  mfa_step_expired: 410,
  mfa_enrolment_required: 403,
  sso_refused: 401,
  password_sign_in_disabled: 403,
  passkey_verification_failed: 400,
  webhook_url_refused: 422,
  webhook_endpoint_disabled: 409,
  lti_launch_refused: 401,
  lti_registration_failed: 422,
  oauth_token_invalid: 401,
  oauth_scope_insufficient: 403,
  oauth_interaction_expired: 410,
  wallet_badge_unavailable: 409,
  wallet_exchange_invalid: 404,
  wallet_exchange_expired: 410,
  wallet_exchange_used: 409,
  wallet_presentation_refused: 401,
  export_not_ready: 409,
  export_expired: 410,
  learner_record_no_badges: 422,
  ctdl_publishing_off: 409,
  pathway_conflict: 409,
  verification_failed: 400,
  bad_request: 400,
  csrf_failed: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Some fields need attention',
  not_found: 'Not found',
  unauthenticated: 'Sign in required',
  forbidden: 'Not allowed',
  invalid_credentials: 'Wrong email or password',
  account_locked: 'Account temporarily locked',
  account_deactivated: 'Account deactivated',
  duplicate_institution: 'Institution already exists',
  duplicate_email: 'Email already in use',
  already_member: 'Already a member',
  invitation_invalid: 'Invitation not valid',
  invitation_expired: 'Invitation expired',
  invitation_email_mismatch: 'Signed in as someone else',
  reset_link_invalid: 'Reset link not valid',
  reset_link_expired: 'Reset link expired',
  wrong_password: 'Current password is wrong',
  last_system_admin: 'Last system administrator',
  cannot_change_self: 'Cannot change your own account this way',
  token_invalid: 'API token not valid',
  rules_failed: 'Policy rules not met',
  invalid_transition: 'Action not possible now',
  request_conflict: 'Changed by someone else',
  request_not_editable: 'Request cannot be edited now',
  attachment_rejected: 'File not accepted',
  credential_invalid: 'Credential cannot be issued',
  issuer_mismatch: 'Issuer is not this institution',
  key_rotation_conflict: 'Key rotation conflict',
  duplicate_award: 'Recipient already has this badge',
  idempotency_conflict: 'Idempotency key reused',
  claim_link_invalid: 'Claim link not valid',
  claim_link_expired: 'Claim link expired',
  badge_import_failed: 'Badge cannot be imported',
  mfa_code_invalid: 'Wrong verification code',
  mfa_step_expired: 'Sign-in expired',
  mfa_enrolment_required: 'Set up two-step verification first',
  sso_refused: 'Single sign-on did not complete',
  password_sign_in_disabled: 'Sign in through your institution',
  passkey_verification_failed: 'Passkey not accepted',
  webhook_url_refused: 'Webhook address not accepted',
  webhook_endpoint_disabled: 'Webhook endpoint is turned off',
  lti_launch_refused: 'Course launch refused',
  lti_registration_failed: 'Registration with the platform failed',
  oauth_token_invalid: 'Access token not valid',
  oauth_scope_insufficient: 'Access token lacks the scope',
  oauth_interaction_expired: 'Connection request expired',
  wallet_badge_unavailable: 'Badge cannot go to a wallet',
  wallet_exchange_invalid: 'Wallet code not valid',
  wallet_exchange_expired: 'Wallet code expired',
  wallet_exchange_used: 'Wallet code already used',
  wallet_presentation_refused: 'Wallet not authenticated',
  export_not_ready: 'Export not ready',
  export_expired: 'Export expired',
  learner_record_no_badges: 'No badges for a learner record',
  ctdl_publishing_off: 'Publishing to the Credential Engine Registry is not configured',
  pathway_conflict: 'Pathway changed by someone else',
  verification_failed: 'Credential did not verify',
  bad_request: 'Bad request',
  csrf_failed: 'Form expired',
  payload_too_large: 'Request too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  internal_error: 'Something went wrong',
  service_unavailable: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: { field: string; message: string }[];
}

export function problem(code: ErrorCode, detail: string, extra: { instance?: string; fields?: Readonly<Record<string, string>>; details?: Readonly<Record<string, unknown>> } = {}): Problem {
  const p: Problem = { ...extra.details, type: `urn:laurel:error:${code}`, title: TITLES[code], status: STATUS[code], detail, code };
  if (extra.instance) p.instance = extra.instance;
  if (extra.fields && Object.keys(extra.fields).length) p.errors = Object.entries(extra.fields).map(([field, message]) => ({ field, message }));
  return p;
}
