// The installation's privacy notice and terms of use, as Laurel ships them: a plain account of what
// this software keeps and shows, true of every installation. An operator with its own policies points
// LAUREL_PRIVACY_URL and LAUREL_TERMS_URL at them instead (the OB 3.0 API's service description and the
// consent page then name those). In English and Spanish (shared/i18n/messages/*/legal.json).
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';

const strong = (c: ComponentChildren) => <strong>{c}</strong>;

export function PrivacyPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const site = { agency: ctx.site.agencyName, state: ctx.site.stateName };
  return (
    <Page ctx={ctx} title={t('legal.privacy.title')}>
      <div class="usa-prose">
        <h1>{t('legal.privacy.title')}</h1>
        <p class="usa-intro">{t('legal.privacy.intro')}</p>
        <h2>{t('legal.privacy.keepsHeading')}</h2>
        <ul>
          <li>{t('legal.privacy.keeps.account')}</li>
          <li>{ctx.tx('legal.privacy.keeps.badges', { b: strong })}</li>
          <li>{t('legal.privacy.keeps.imports')}</li>
          <li>{t('legal.privacy.keeps.apps')}</li>
          <li>{t('legal.privacy.keeps.audit')}</li>
          <li>{t('legal.privacy.keeps.cookies')}</li>
        </ul>
        <h2>{t('legal.privacy.seeHeading')}</h2>
        <ul>
          <li>{t('legal.privacy.see.private')}</li>
          <li>{t('legal.privacy.see.institution')}</li>
          <li>{t('legal.privacy.see.apps')}</li>
        </ul>
        <h2>{t('legal.privacy.takeHeading')}</h2>
        <p>{t('legal.privacy.take')}</p>
        <h2>{t('legal.privacy.leaveHeading')}</h2>
        <p>{ctx.tx('legal.privacy.leave', { a: (c) => <a href="/account/delete">{c}</a> })}</p>
        <h2>{t('legal.privacy.retentionHeading')}</h2>
        <p>{t('legal.privacy.retention')}</p>
        <h2>{t('legal.privacy.emailHeading')}</h2>
        <p>{t('legal.privacy.email')}</p>
        <h2 id="public-records">{t('legal.privacy.recordsHeading')}</h2>
        <p>{t('legal.privacy.records', site)}</p>
        {ctx.site.publicRecordsUrl.endsWith('/privacy#public-records') ? null : (
          <p>
            <a href={ctx.site.publicRecordsUrl}>{t('legal.privacy.recordsLink')}</a>
          </p>
        )}
      </div>
    </Page>
  );
}

export function TermsPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('legal.terms.title')}>
      <div class="usa-prose">
        <h1>{t('legal.terms.title')}</h1>
        <p class="usa-intro">{t('legal.terms.intro')}</p>
        <ul>
          <li>{t('legal.terms.account')}</li>
          <li>{t('legal.terms.endorsed')}</li>
          <li>{t('legal.terms.apps')}</li>
          <li>{ctx.tx('legal.terms.openSource', { a: (c) => <a href="/privacy">{c}</a> })}</li>
        </ul>
      </div>
    </Page>
  );
}
