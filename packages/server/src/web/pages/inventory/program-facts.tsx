// A program page's side column: the facts at a glance, the industry partners and the contact.
import type { ProgramView } from '../../../domain/inventory/get-listed-program.ts';
import { ENDORSEMENT_LABELS } from '../../../domain/inventory/query.ts';
import { CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS, totalCreditHours } from '../../../domain/programs/form.ts';
import { hours, money } from './result-list.tsx';

function Fact({ term, children }: { term: string; children: preact.ComponentChildren }) {
  return (
    <div class="laurel-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ProgramFacts({ v }: { v: ProgramView }) {
  const f = v.form;
  const endorsed = v.program.endorsement === 'endorsed';
  const credit = totalCreditHours(f);
  return (
    <aside class="tablet:grid-col-4" aria-label="Program facts">
      <div class="usa-summary-box laurel-facts" role="region" aria-labelledby="facts-heading">
        <div class="usa-summary-box__body">
          <h2 class="usa-summary-box__heading" id="facts-heading">
            At a glance
          </h2>
          <dl class="usa-summary-box__text">
            <Fact term="Endorsement">{ENDORSEMENT_LABELS[endorsed ? 'endorsed' : 'not_endorsed']}</Fact>
            <Fact term="Institution">
              <a href={`/institutions/${v.organization.slug}`}>{v.organization.name}</a>
            </Fact>
            {f.credential_type ? <Fact term="Credential type">{CREDENTIAL_TYPES[f.credential_type]}</Fact> : null}
            {f.level ? <Fact term="Level">{LEVELS[f.level]}</Fact> : null}
            <Fact term="Credit">{credit > 0 ? `Credit-bearing, ${hours(credit)}` : 'Non-credit'}</Fact>
            {f.delivery_mode ? <Fact term="Delivery">{DELIVERY_MODES[f.delivery_mode]}</Fact> : null}
            {f.duration ? <Fact term="Time to earn">{f.duration}</Fact> : null}
            <Fact term="Cost">{f.cost.free || !f.cost.amount ? 'Free' : money(f.cost.amount)}</Fact>
            {f.start_terms.length ? <Fact term="Starts">{f.start_terms.join(', ')}</Fact> : null}
            <Fact term="Financial aid">{f.financial_aid_eligible ? 'Eligible' : 'Not eligible'}</Fact>
            {f.focus_areas.length ? <Fact term="Focus areas">{f.focus_areas.map((a) => FOCUS_AREAS[a]).join(', ')}</Fact> : null}
            {f.stacks_into.length ? <Fact term="Stacks into">{f.stacks_into.join('; ')}</Fact> : null}
            {v.badgeClass?.expiresAfterMonths ? <Fact term="Badge expires">{`${v.badgeClass.expiresAfterMonths} months after issue`}</Fact> : <Fact term="Badge expires">Never</Fact>}
          </dl>
          {f.program_url ? (
            <a class="usa-button width-full margin-top-2" href={f.program_url} rel="noopener">
              Visit the program’s website
            </a>
          ) : null}
        </div>
      </div>
      {f.partners.length ? (
        <>
          <h2 class="laurel-side-heading">Industry partners</h2>
          <ul class="usa-list usa-list--unstyled">
            {f.partners.map((p) => (
              <li key={p.name} class="margin-bottom-1">
                <a href={`/inventory?partner=${encodeURIComponent(p.name)}`}>{p.name}</a>
                {p.role ? <span class="display-block text-base-dark">{p.role}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {f.contact.email ? (
        <>
          <h2 class="laurel-side-heading">Contact</h2>
          <p>
            {f.contact.name}
            {f.contact.title ? <span class="display-block text-base-dark">{f.contact.title}</span> : null}
            <a href={`mailto:${f.contact.email}`}>{f.contact.email}</a>
          </p>
        </>
      ) : null}
    </aside>
  );
}
