import type { Membership } from '../storage/repositories/users.ts';
import type { Role } from '../shared/roles.ts';

/**
 * Who is acting: a signed-in user (with their memberships), an organization's API token (a machine
 * acting for exactly one organization, with no user roles), or the system itself (CLI, jobs).
 */
export type Actor =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly email: string;
      readonly name: string;
      readonly memberships: readonly Membership[];
      readonly sessionId?: string;
      /** Signed in by password with roles that require multi-factor and none enrolled: only enrolment is open. */
      readonly mfaEnrolRequired?: boolean;
      /** The language the user saved ('en' | 'es'); absent or null: not chosen. */
      readonly language?: string | null;
    }
  | {
      readonly kind: 'organization';
      readonly organizationId: string;
      readonly organizationSlug: string;
      readonly tokenId: string;
      readonly tokenName: string;
    }
  | { readonly kind: 'system' };

export const SYSTEM: Actor = Object.freeze({ kind: 'system' });

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type OrganizationActor = Extract<Actor, { kind: 'organization' }>;

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function hasRole(actor: Actor, role: Role, organizationId?: string): boolean {
  if (actor.kind === 'system') return true;
  // An organization token holds no user role, so it can never pass a role check (system admin included).
  if (actor.kind === 'organization') return false;
  return actor.memberships.some((m) => m.role === role && (organizationId === undefined || m.organizationId === organizationId));
}

export function rolesOf(actor: Actor): Role[] {
  if (actor.kind !== 'user') return [];
  return [...new Set(actor.memberships.map((m) => m.role))];
}
