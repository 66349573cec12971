// Which language a request is answered in. Order (issue #19): the signed-in user's saved choice, then
// the `laurel_lang` cookie the language switcher sets, then the browser's Accept-Language (negotiated
// by `negotiator`, the library Express and Fastify use, with q-values and es-MX → es prefix matching),
// then the installation's default (LAUREL_DEFAULT_LANGUAGE).
import Negotiator from 'negotiator';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** The cookie the language switcher sets (a year, not httpOnly-sensitive: it holds "en" or "es"). */
export const LANGUAGE_COOKIE = 'laurel_lang';

/** Each locale's name in its own language, as the switcher shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', es: 'Español' };

/** The BCP 47 tag handed to Intl: the United States' English and Spanish. */
export const INTL_TAGS: Readonly<Record<Locale, string>> = { en: 'en-US', es: 'es-US' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function negotiateAcceptLanguage(header: string | undefined): Locale | null {
  if (!header || header.length > 1000) return null;
  // Undefined when the header accepts none of them (fr, or es;q=0): the default applies.
  const best = new Negotiator({ headers: { 'accept-language': header } }).language([...LOCALES]);
  return isLocale(best) ? best : null;
}

export function resolveLocale(input: { saved?: string | null | undefined; cookie?: string | undefined; acceptLanguage?: string | undefined; fallback: Locale }): Locale {
  if (isLocale(input.saved)) return input.saved;
  if (isLocale(input.cookie)) return input.cookie;
  return negotiateAcceptLanguage(input.acceptLanguage) ?? input.fallback;
}
