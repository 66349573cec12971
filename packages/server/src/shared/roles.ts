// Roles of PRODUCT.md. The Regents' roles are held in the Regents organization; institution roles in an
// institution. Every signed-in person can hold badges, so "earner" needs no membership.

export const ROLES = [
  'system_admin',
  'regents_reviewer',
  'chancellor',
  'institution_admin',
  'program_author',
  'issuer',
  'earner',
] as const;
export type Role = (typeof ROLES)[number];

export const REGENTS_ROLES: readonly Role[] = ['system_admin', 'regents_reviewer', 'chancellor'];
export const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'program_author', 'issuer'];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'System administrator',
  regents_reviewer: 'Regents staff reviewer',
  chancellor: 'Chancellor',
  institution_admin: 'Institution administrator',
  program_author: 'Program author',
  issuer: 'Issuer',
  earner: 'Earner',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  system_admin: 'Manages institutions, users, roles, policy settings and the audit log.',
  regents_reviewer: 'Reviews requests for policy compliance and recommends them to the Chancellor.',
  chancellor: 'Approves or denies recommended requests; approval means Endorsed by State Regents.',
  institution_admin: "Manages the institution's profile, users and signing keys.",
  program_author: 'Drafts and submits Request Forms for micro-credentials and digital badges.',
  issuer: 'Issues badges for approved badge classes and revokes them with a reason.',
  earner: 'Receives, holds, shares and downloads badges.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Which roles an organization of this kind can hold. */
export function rolesForKind(kind: 'regents' | 'institution'): readonly Role[] {
  return kind === 'regents' ? REGENTS_ROLES : INSTITUTION_ROLES;
}

export const REGENTS_SLUG = 'regents';
