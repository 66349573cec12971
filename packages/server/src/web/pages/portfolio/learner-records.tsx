// The earner's learner records (CLR 2.0): make one of all or chosen badges, and the ones made before.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import type { LearnerRecord } from '../../../domain/portfolio/learner-record.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Button, Checkboxes, Csrf, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import type { Translator } from '../../../shared/i18n/translator.ts';

export interface LearnerRecordForm {
  readonly scope: 'all' | 'chosen';
  readonly badges: readonly string[];
}

function ScopeRadios({ i18n, scope }: { i18n: Translator; scope: LearnerRecordForm['scope'] }) {
  return (
    <fieldset class="usa-fieldset usa-form-group">
      <legend class="usa-legend">{i18n.t('portfolio.clr.which')}</legend>
      <div class="usa-radio">
        <input class="usa-radio__input" id="scope-all" type="radio" name="scope" value="all" checked={scope === 'all'} />
        <label class="usa-radio__label" for="scope-all">
          {i18n.t('portfolio.clr.all')}
        </label>
      </div>
      <div class="usa-radio">
        <input class="usa-radio__input" id="scope-chosen" type="radio" name="scope" value="chosen" checked={scope === 'chosen'} />
        <label class="usa-radio__label" for="scope-chosen">
          {i18n.t('portfolio.clr.chosen')}
        </label>
      </div>
    </fieldset>
  );
}

export function LearnerRecordsPage(p: { ctx: PageContext; badges: readonly BadgeView[]; records: readonly LearnerRecord[]; form: LearnerRecordForm; errors?: Record<string, string> | undefined; message?: string | undefined }) {
  const errors = p.errors ?? {};
  const { t } = p.ctx;
  const day = (iso: string) => p.ctx.formatDate(iso, 'short');
  return (
    <Page ctx={p.ctx} title={t('portfolio.clr.title')}>
      <Breadcrumbs trail={[{ href: '/portfolio', label: t('portfolio.title') }]} current={t('portfolio.clr.title')} />
      <h1>{t('portfolio.clr.title')}</h1>
      <p class="usa-intro">{t('portfolio.clr.intro')}</p>
      <ErrorSummary errors={errors} message={p.message} />
      {p.badges.length === 0 ? (
        <div class="usa-summary-box margin-bottom-4" role="region" aria-labelledby="no-badges-h">
          <div class="usa-summary-box__body">
            <h2 class="usa-summary-box__heading" id="no-badges-h">
              {t('portfolio.clr.noneHeading')}
            </h2>
            <div class="usa-summary-box__text">
              <p>{p.ctx.tx('portfolio.clr.none', { a: (c) => <a href="/portfolio">{c}</a> })}</p>
            </div>
          </div>
        </div>
      ) : (
        <form class="usa-form usa-form--large" method="post" action="/portfolio/learner-record">
          <Csrf token={p.ctx.csrf} />
          <h2>{t('portfolio.clr.make')}</h2>
          <ScopeRadios i18n={p.ctx} scope={p.form.scope} />
          <Checkboxes
            name="badges"
            legend={t('portfolio.yourBadges')}
            hint={t('portfolio.clr.badgesHint')}
            error={errors.badges}
            options={p.badges.map((v) => ({ value: v.award.id, label: v.badgeClass.name, description: t('portfolio.clr.badgeIssued', { institution: v.organization.name, date: day(v.award.issuedAt) }) }))}
            checked={p.form.badges}
          />
          <Button>{t('portfolio.clr.create')}</Button>
        </form>
      )}
      <h2 class="margin-top-5">{t('portfolio.clr.yours')}</h2>
      <DataTable
        caption={t('portfolio.clr.caption')}
        rows={p.records}
        rowKey={(r) => r.id}
        empty={<p>{t('portfolio.clr.empty')}</p>}
        columns={[
          { key: 'name', header: t('portfolio.clr.col.record'), cell: (r) => <a href={`/portfolio/learner-records/${r.id}`}>{r.name}</a> },
          { key: 'badges', header: t('portfolio.clr.col.badges'), class: 'text-right', cell: (r) => t('portfolio.clr.count', { count: r.badgeCount, partial: r.partial ? 'yes' : 'no' }) },
          { key: 'created', header: t('portfolio.clr.col.created'), cell: (r) => day(r.createdAt) },
          { key: 'files', header: t('portfolio.clr.col.download'), cell: (r) => (
            <>
              <a href={`/portfolio/learner-records/${r.id}/clr.json`} aria-label={t('portfolio.clr.jsonLabel', { name: r.name })}>JSON</a> · <a href={`/portfolio/learner-records/${r.id}/clr.png`} aria-label={t('portfolio.clr.imageLabel', { name: r.name })}>{t('portfolio.clr.image')}</a>
            </>
          ) },
        ]}
      />
    </Page>
  );
}
