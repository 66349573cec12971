// The institution's request list (grouped by who each request waits on) and the New request form.
import { CREDENTIAL_TYPES } from '../../../domain/programs/form.ts';
import type { InstitutionRequests } from '../../../domain/programs/get-institution-requests.ts';
import type { InstitutionRef } from '../../../domain/programs/list-authoring-institutions.ts';
import { Button, Csrf, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { RequestTable, StatsLine } from './request-table.tsx';

export function NoInstitutionPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title="Requests">
      <h1>Requests</h1>
      <p>Requests are made by institutions’ program authors and administrators. You do not hold one of those roles.</p>
    </Page>
  );
}

export function RequestListPage({ ctx, data, org }: { ctx: PageContext; data: InstitutionRequests; org: InstitutionRef }) {
  return (
    <Page ctx={ctx} title="Requests" wide>
      <h1>Requests — {org.name}</h1>
      {data.institutions.length > 1 ? (
        <p>
          Institution:{' '}
          {data.institutions.map((o) => (
            <a key={o.id} class="margin-right-2" href={`/requests?institution=${o.slug}`} aria-current={o.id === org.id ? 'page' : undefined}>
              {o.name}
            </a>
          ))}
        </p>
      ) : null}
      {data.canStart ? (
        <div class="laurel-actions">
          <a class="usa-button" href="/requests/new">
            Start a new request
          </a>
        </div>
      ) : null}
      {data.stats ? <StatsLine byState={data.stats.byState} median={data.stats.medianDaysToDecision} /> : null}
      {data.groups.map((g) => (
        <section key={g.id} aria-labelledby={`g-${g.id}`} class="margin-bottom-4">
          <h2 id={`g-${g.id}`}>
            {g.label} ({g.items.length})
          </h2>
          {g.items.length ? <RequestTable items={g.items} caption={g.label} /> : <p>None.</p>}
        </section>
      ))}
    </Page>
  );
}

export function NewRequestPage({ ctx, orgs, v, errors, message }: { ctx: PageContext; orgs: InstitutionRef[]; v: Record<string, string>; errors: Record<string, string>; message?: string | undefined }) {
  return (
    <Page ctx={ctx} title="New request">
      <h1>Request Form for a new micro-credential or digital badge</h1>
      <p class="usa-intro">Start with the basics; you can save the form as a draft at every step and submit it when it is complete.</p>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action="/requests" novalidate>
        <Csrf token={ctx.csrf} />
        {orgs.length > 1 ? <Select name="organization" label="Institution" value={v.organization} options={orgs.map((o) => [o.slug, o.name] as const)} emptyLabel="- Select -" error={errors.organization} /> : null}
        <TextInput name="title" label="Title" value={v.title} error={errors.title} required maxLength={200} />
        <Select name="credential_type" label="Credential type" value={v.credential_type} options={Object.entries(CREDENTIAL_TYPES)} emptyLabel="- Select -" error={errors.credential_type} />
        <fieldset class="usa-fieldset usa-form-group">
          <legend class="usa-legend">Endorsement requested</legend>
          {(
            [
              ['true', 'Endorsed by State Regents', 'Reviewed by Regents staff and decided by the Chancellor.'],
              ['false', 'Listing only — Not Endorsed by State Regents', 'Reviewed by Regents staff and listed in the statewide inventory.'],
            ] as const
          ).map(([val, label, desc]) => (
            <div class="usa-radio" key={val}>
              <input class="usa-radio__input usa-radio__input--tile" id={`endorsement-${val}`} type="radio" name="endorsement_requested" value={val} checked={(v.endorsement_requested ?? 'true') === val} />
              <label class="usa-radio__label" for={`endorsement-${val}`}>
                {label}
                <span class="usa-checkbox__label-description">{desc}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <Button>Start the request</Button>
      </form>
    </Page>
  );
}
