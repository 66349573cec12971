// The language switcher, signed in: the choice is saved on the account (users.language, migration
// 0031) so it follows the earner to other devices and decides the language of their emails.
import { isLocale, type Locale } from '../../shared/i18n/locales.ts';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { validationError } from '../errors.ts';

export async function setLanguage(deps: Deps, actor: UserActor, input: { language: unknown }): Promise<Locale> {
  const language = input.language;
  if (!isLocale(language)) throw validationError({ lang: 'Choose English (en) or Spanish (es).' });
  if (actor.language === language) return language;
  const now = nowIso(deps);
  await inTransaction(deps, async (r) => {
    await r.users.setLanguage(actor.userId, language, now);
    await audit(r, { actor, at: now, action: 'user.language_changed', subjectType: 'user', subjectId: actor.userId, data: { language } });
  });
  return language;
}
