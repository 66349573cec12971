// The language switcher: a small form (no JavaScript needed) that posts the other language to
// /language, which remembers it (a cookie; the account too when signed in) and comes back to this page.
// The button is in the language it switches to, marked with `lang` so a screen reader pronounces it.
import { LOCALE_NAMES, LOCALES } from '../../shared/i18n/locales.ts';
import { Csrf } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';

export function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  const other = LOCALES.find((l) => l !== ctx.locale) ?? 'en';
  return (
    <form method="post" action="/language" class="laurel-language">
      <Csrf token={ctx.csrf} />
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="next" value={ctx.returnTo} />
      <button type="submit" class="usa-button usa-button--unstyled laurel-language__button" lang={other} title={ctx.t('layout.language.switchTo')}>
        {LOCALE_NAMES[other]}
      </button>
    </form>
  );
}
