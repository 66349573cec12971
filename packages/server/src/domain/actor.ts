import type { Membership } from '../storage/repositories/users.ts';
import type { Role } from './roles.ts';

/** Who is acting: a signed-in user (with their memberships), or the system itself (CLI, jobs). */
export type Actor =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly email: string;
      readonly name: string;
      readonly memberships: readonly Membership[];
      readonly sessionId?: string;
    }
  | { readonly kind: 'system' };

export const SYSTEM: Actor = Object.freeze({ kind: 'system' });

export type UserActor = Extract<Actor, { kind: 'user' }>;

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function hasRole(actor: Actor, role: Role, organizationId?: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.memberships.some((m) => m.role === role && (organizationId === undefined || m.organizationId === organizationId));
}

export function rolesOf(actor: Actor): Role[] {
  if (actor.kind === 'system') return [];
  return [...new Set(actor.memberships.map((m) => m.role))];
}
