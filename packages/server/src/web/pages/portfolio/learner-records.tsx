// The earner's learner records (CLR 2.0): make one of all or chosen badges, and the ones made before.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import type { LearnerRecord } from '../../../domain/portfolio/learner-record.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Button, Checkboxes, Csrf, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { day } from './badge-summary.tsx';

export interface LearnerRecordForm {
  readonly scope: 'all' | 'chosen';
  readonly badges: readonly string[];
}

function ScopeRadios({ scope }: { scope: LearnerRecordForm['scope'] }) {
  return (
    <fieldset class="usa-fieldset usa-form-group">
      <legend class="usa-legend">Which badges</legend>
      <div class="usa-radio">
        <input class="usa-radio__input" id="scope-all" type="radio" name="scope" value="all" checked={scope === 'all'} />
        <label class="usa-radio__label" for="scope-all">
          All my badges
        </label>
      </div>
      <div class="usa-radio">
        <input class="usa-radio__input" id="scope-chosen" type="radio" name="scope" value="chosen" checked={scope === 'chosen'} />
        <label class="usa-radio__label" for="scope-chosen">
          Only the badges I tick below
        </label>
      </div>
    </fieldset>
  );
}

export function LearnerRecordsPage(p: { ctx: PageContext; badges: readonly BadgeView[]; records: readonly LearnerRecord[]; timeZone: string; form: LearnerRecordForm; errors?: Record<string, string> | undefined; message?: string | undefined }) {
  const errors = p.errors ?? {};
  return (
    <Page ctx={p.ctx} title="Learner record (CLR)">
      <Breadcrumbs trail={[{ href: '/portfolio', label: 'Portfolio' }]} current="Learner record (CLR)" />
      <h1>Learner record (CLR)</h1>
      <p class="usa-intro">
        A Comprehensive Learner Record (1EdTech CLR 2.0) gathers your badges from every institution into one signed file that employers and transfer offices can check. Each badge keeps its institution’s signature; the State Regents sign the record.
      </p>
      <ErrorSummary errors={errors} message={p.message} />
      {p.badges.length === 0 ? (
        <div class="usa-summary-box margin-bottom-4" role="region" aria-labelledby="no-badges-h">
          <div class="usa-summary-box__body">
            <h2 class="usa-summary-box__heading" id="no-badges-h">
              No badges to put in a record yet
            </h2>
            <div class="usa-summary-box__text">
              <p>A learner record holds badges you have accepted that are still valid. Accept a badge in your <a href="/portfolio">portfolio</a>, then come back here.</p>
            </div>
          </div>
        </div>
      ) : (
        <form class="usa-form usa-form--large" method="post" action="/portfolio/learner-record">
          <Csrf token={p.ctx.csrf} />
          <h2>Make a learner record</h2>
          <ScopeRadios scope={p.form.scope} />
          <Checkboxes
            name="badges"
            legend="Your badges"
            hint="Used when you choose “Only the badges I tick below”. Only accepted badges that are still valid can go in a record."
            error={errors.badges}
            options={p.badges.map((v) => ({ value: v.award.id, label: v.badgeClass.name, description: `${v.organization.name}, issued ${day(v.award.issuedAt, p.timeZone)}` }))}
            checked={p.form.badges}
          />
          <Button>Create the learner record</Button>
        </form>
      )}
      <h2 class="margin-top-5">Your learner records</h2>
      <DataTable
        caption="Your learner records, newest first"
        rows={p.records}
        rowKey={(r) => r.id}
        empty={<p>You have not made a learner record yet.</p>}
        columns={[
          { key: 'name', header: 'Record', cell: (r) => <a href={`/portfolio/learner-records/${r.id}`}>{r.name}</a> },
          { key: 'badges', header: 'Badges', class: 'text-right', cell: (r) => `${r.badgeCount}${r.partial ? ' (chosen)' : ' (all)'}` },
          { key: 'created', header: 'Created', cell: (r) => day(r.createdAt, p.timeZone) },
          { key: 'files', header: 'Download', cell: (r) => (
            <>
              <a href={`/portfolio/learner-records/${r.id}/clr.json`} aria-label={`Download ${r.name} as JSON`}>JSON</a> · <a href={`/portfolio/learner-records/${r.id}/clr.png`} aria-label={`Download ${r.name} as an image (PNG)`}>Image (PNG)</a>
            </>
          ) },
        ]}
      />
    </Page>
  );
}
