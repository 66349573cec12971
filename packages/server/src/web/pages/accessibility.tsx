// The accessibility statement a state agency's site publishes (linked from the identifier footer):
// the standard aimed at, what works, known limits, and where to report a barrier.
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';

/** When this statement's text was last reviewed against the product (update with the text). */
export const ACCESSIBILITY_REVIEWED = '2026-12-03T12:00:00Z';

export function AccessibilityPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const email = ctx.site.accessibilityEmail;
  return (
    <Page ctx={ctx} title={t('legal.a11y.title')}>
      <div class="usa-prose">
        <h1>{t('legal.a11y.title')}</h1>
        <p class="usa-intro">{t('legal.a11y.intro', { agency: ctx.site.agencyName })}</p>
        <h2>{t('legal.a11y.standardHeading')}</h2>
        <p>{t('legal.a11y.standard')}</p>
        <h2>{t('legal.a11y.worksHeading')}</h2>
        <ul>
          <li>{t('legal.a11y.works.keyboard')}</li>
          <li>{t('legal.a11y.works.noScript')}</li>
          <li>{t('legal.a11y.works.images')}</li>
          <li>{t('legal.a11y.works.language')}</li>
        </ul>
        <h2>{t('legal.a11y.limitsHeading')}</h2>
        <p>{t('legal.a11y.limits')}</p>
        <h2>{t('legal.a11y.contactHeading')}</h2>
        <p>{ctx.tx('legal.a11y.contact', { email, a: (c) => <a href={`mailto:${email}`}>{c}</a> })}</p>
        <p class="text-base">{t('legal.a11y.updated', { date: ctx.formatDate(ACCESSIBILITY_REVIEWED) })}</p>
      </div>
    </Page>
  );
}
