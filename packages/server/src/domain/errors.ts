// Domain errors are a closed set of string codes with no HTTP knowledge; http/problem.ts maps each code
// to a status once. Every code is documented in docs/ERRORS.md (test/errors-doc.test.ts checks).

export const DOMAIN_ERROR_CODES = [
  'validation_failed',
  'not_found',
  'unauthenticated',
  'forbidden',
  'invalid_credentials',
  'account_locked',
  'account_deactivated',
  'duplicate_institution',
  'duplicate_email',
  'already_member',
  'invitation_invalid',
  'invitation_expired',
  'invitation_email_mismatch',
  'reset_link_invalid',
  'reset_link_expired',
  'wrong_password',
  'last_system_admin',
  'cannot_change_self',
  'token_invalid',
  'credential_invalid',
  'issuer_mismatch',
  'key_rotation_conflict',
  'rules_failed',
  'invalid_transition',
  'request_conflict',
  'request_not_editable',
  'attachment_rejected',
  'duplicate_award',
  'idempotency_conflict',
  'claim_link_invalid',
  'claim_link_expired',
  'badge_import_failed',
  'mfa_code_invalid',
  'mfa_step_expired',
  'mfa_enrolment_required',
  'sso_refused',
  'password_sign_in_disabled',
  'passkey_verification_failed',
  'webhook_url_refused',
  'webhook_endpoint_disabled',
  'lti_launch_refused',
  'lti_registration_failed',
  'oauth_token_invalid',
  'oauth_scope_insufficient',
  'oauth_interaction_expired',
  'wallet_badge_unavailable',
  'wallet_exchange_invalid',
  'wallet_exchange_expired',
  'wallet_exchange_used',
  'wallet_presentation_refused',
  'export_not_ready',
  'export_expired',
  'learner_record_no_badges',
  'ctdl_publishing_off',
  'pathway_conflict',
  'account_has_roles',
  'reauth_required',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Field name → message, for validation errors shown next to form fields. */
    readonly fields: Readonly<Record<string, string>> = {},
    /** Extra members for the problem document (e.g. the ids of failed compliance rules). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function validationError(fields: Record<string, string>, message = 'Some fields need attention.'): DomainError {
  return new DomainError('validation_failed', message, fields);
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} was not found.`);
}

export function forbidden(message = 'You do not have permission to do that.'): DomainError {
  return new DomainError('forbidden', message);
}
