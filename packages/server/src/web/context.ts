import type { Actor, UserActor } from '../domain/actor.ts';

/** What every page needs to render chrome: who is signed in, the form token, a flash message. */
export interface PageContext {
  readonly actor: UserActor | null;
  readonly csrf: string;
  readonly path: string;
  readonly flash: Flash | null;
  readonly publicUrl: string;
  /** The installation's privacy notice and terms of use (Laurel's own pages unless the operator names others). */
  readonly policyLinks: { readonly privacy: string; readonly terms: string };
}

export interface Flash {
  readonly kind: 'success' | 'info' | 'warning' | 'error';
  readonly message: string;
}

export function userActor(actor: Actor | null): UserActor | null {
  return actor && actor.kind === 'user' ? actor : null;
}
