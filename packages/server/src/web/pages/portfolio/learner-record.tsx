// One learner record: what it holds, its downloads, and what Laurel's verifier says of it and each badge.
import type { LearnerRecord } from '../../../domain/portfolio/learner-record.ts';
import type { LearnerRecordBadge } from '../../../domain/portfolio/get-learner-record.ts';
import type { VerifierResult } from '../../../domain/verification/verify-any.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { VerificationPanel } from '../../components/verification.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { day } from './badge-summary.tsx';

export function LearnerRecordPage(p: { ctx: PageContext; record: LearnerRecord; badges: readonly LearnerRecordBadge[]; result: VerifierResult; timeZone: string }) {
  const r = p.record;
  return (
    <Page ctx={p.ctx} title={r.name}>
      <Breadcrumbs trail={[{ href: '/portfolio', label: 'Portfolio' }, { href: '/portfolio/learner-record', label: 'Learner record (CLR)' }]} current={r.name} />
      <h1>{r.name}</h1>
      <p class="usa-intro">
        {r.badgeCount} badge{r.badgeCount === 1 ? '' : 's'} ({r.partial ? 'the ones you chose' : 'all your badges at the time'}), created {day(r.createdAt, p.timeZone)}. A CLR 2.0 ClrCredential signed by the State Regents.
      </p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button" href={`/portfolio/learner-records/${r.id}/clr.json`}>
          Download JSON
        </a>
        <a class="usa-button usa-button--outline" href={`/portfolio/learner-records/${r.id}/clr.png`}>
          Download image (PNG, record inside)
        </a>
      </div>
      <h2>Badges in this record</h2>
      <ul class="usa-list">
        {p.badges.map((b, i) => (
          <li key={i}>
            {b.awardId ? <a href={`/badges/${b.awardId}`}>{b.name}</a> : b.name} — {b.issuer}
          </li>
        ))}
      </ul>
      <h2>Verification</h2>
      <p>What anyone who checks this record with Laurel’s verifier sees today.</p>
      <VerificationPanel i18n={p.ctx} result={p.result} headingLevel={3} />
    </Page>
  );
}
