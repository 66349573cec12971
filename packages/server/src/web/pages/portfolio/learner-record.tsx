// One learner record: what it holds, its downloads, and what Laurel's verifier says of it and each badge.
import type { LearnerRecord } from '../../../domain/portfolio/learner-record.ts';
import type { LearnerRecordBadge } from '../../../domain/portfolio/get-learner-record.ts';
import type { VerifierResult } from '../../../domain/verification/verify-any.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { VerificationPanel } from '../../components/verification.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function LearnerRecordPage(p: { ctx: PageContext; record: LearnerRecord; badges: readonly LearnerRecordBadge[]; result: VerifierResult }) {
  const r = p.record;
  const { t } = p.ctx;
  return (
    <Page ctx={p.ctx} title={r.name}>
      <Breadcrumbs trail={[{ href: '/portfolio', label: t('portfolio.title') }, { href: '/portfolio/learner-record', label: t('portfolio.clr.title') }]} current={r.name} />
      <h1>{r.name}</h1>
      <p class="usa-intro">{t('portfolio.record.intro', { count: r.badgeCount, partial: r.partial ? 'yes' : 'no', date: p.ctx.formatDate(r.createdAt, 'short') })}</p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button" href={`/portfolio/learner-records/${r.id}/clr.json`}>
          {t('portfolio.record.downloadJson')}
        </a>
        <a class="usa-button usa-button--outline" href={`/portfolio/learner-records/${r.id}/clr.png`}>
          {t('portfolio.record.downloadImage')}
        </a>
      </div>
      <h2>{t('portfolio.record.badges')}</h2>
      <ul class="usa-list">
        {p.badges.map((b, i) => (
          <li key={i}>
            {b.awardId ? <a href={`/badges/${b.awardId}`}>{b.name}</a> : b.name} — {b.issuer}
          </li>
        ))}
      </ul>
      <h2>{t('portfolio.record.verification')}</h2>
      <p>{t('portfolio.record.verificationIntro')}</p>
      <VerificationPanel i18n={p.ctx} result={p.result} headingLevel={3} />
    </Page>
  );
}
