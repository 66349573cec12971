// Plain-language names for audit actions; unknown actions (added by later features) show their code.
const LABELS: Record<string, string> = {
  'user.signed_in': 'Signed in',
  'user.locked_out': 'Account locked after failed sign-ins',
  'user.password_reset_requested': 'Password reset requested',
  'user.password_reset': 'Password reset by email link',
  'user.password_changed': 'Password changed',
  'user.profile_updated': 'Profile updated',
  'user.created': 'User created',
  'user.roles_changed': 'Roles changed',
  'user.deactivated': 'Account deactivated',
  'user.reactivated': 'Account reactivated',
  'invitation.created': 'Invitation sent',
  'invitation.accepted': 'Invitation accepted',
  'invitation.revoked': 'Invitation withdrawn',
  'organization.created': 'Organization added',
  'organization.updated': 'Organization updated',
  'api_token.created': 'API token created',
  'api_token.revoked': 'API token revoked',
  'award.issued': 'Badge issued',
  'award.revoked': 'Badge revoked',
  'award.suspended': 'Badge suspended',
  'award.reinstated': 'Badge reinstated',
  'award.accepted': 'Badge accepted by the earner',
  'award.declined': 'Badge declined by the earner',
  'award.visibility_changed': 'Badge privacy changed by the earner',
  'issue_batch.uploaded': 'CSV file uploaded for bulk issuing',
  'issue_batch.confirmed': 'Bulk issuing started',
  'issue_batch.finished': 'Bulk issuing finished',
  'earner_email.added': 'Email address added',
  'earner_email.verified': 'Email address confirmed',
  'external_badge.imported': 'External badge imported',
};

export function auditLabel(action: string): string {
  return LABELS[action] ?? action;
}
