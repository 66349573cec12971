import type { SiteIdentity } from '../config.ts';
import type { Actor, UserActor } from '../domain/actor.ts';
import type { Translator } from '../shared/i18n/translator.ts';

/**
 * What every page needs to render chrome: who is signed in, the form token, a flash message, and the
 * language the page is in — `t(key, values)`, `tx` (a message with markup), `formatDate`, `formatNumber`
 * (Intl in the state's time zone) — resolved once per request (render.tsx pageContext).
 */
export interface PageContext extends Translator {
  readonly actor: UserActor | null;
  readonly csrf: string;
  readonly path: string;
  readonly flash: Flash | null;
  readonly publicUrl: string;
  /** The installation's privacy notice and terms of use (Laurel's own pages unless the operator names others). */
  readonly policyLinks: { readonly privacy: string; readonly terms: string };
  /** The state and agency for the official-site banner and the identifier footer. */
  readonly site: SiteIdentity;
  /** This page's path and query: where the language switcher comes back to. */
  readonly returnTo: string;
}

export interface Flash {
  readonly kind: 'success' | 'info' | 'warning' | 'error';
  readonly message: string;
}

export function userActor(actor: Actor | null): UserActor | null {
  return actor && actor.kind === 'user' ? actor : null;
}
