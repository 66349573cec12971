// A program page's side column: the facts at a glance, the industry partners and the contact.
import type { ProgramView } from '../../../domain/inventory/get-listed-program.ts';
import { totalCreditHours } from '../../../domain/programs/form.ts';
import { valueLabel } from './value-labels.ts';
import type { Translator } from '../../../shared/i18n/translator.ts';
import { ENDORSEMENT_KEYS, hours, money } from './result-list.tsx';

function Fact({ term, children }: { term: string; children: preact.ComponentChildren }) {
  return (
    <div class="laurel-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ProgramFacts({ i18n, v }: { i18n: Translator; v: ProgramView }) {
  const { t } = i18n;
  const f = v.form;
  const endorsed = v.program.endorsement === 'endorsed';
  const credit = totalCreditHours(f);
  return (
    <aside class="tablet:grid-col-4" aria-label={t('inventory.facts.region')}>
      <div class="usa-summary-box laurel-facts" role="region" aria-labelledby="facts-heading">
        <div class="usa-summary-box__body">
          <h2 class="usa-summary-box__heading" id="facts-heading">
            {t('inventory.facts.heading')}
          </h2>
          <dl class="usa-summary-box__text">
            <Fact term={t('inventory.facts.endorsement')}>{t(ENDORSEMENT_KEYS[endorsed ? 'endorsed' : 'not_endorsed'])}</Fact>
            <Fact term={t('inventory.facts.institution')}>
              <a href={`/institutions/${v.organization.slug}`}>{v.organization.name}</a>
            </Fact>
            {f.credential_type ? <Fact term={t('inventory.facts.credentialType')}>{valueLabel(i18n, 'credential_type', f.credential_type, f.credential_type)}</Fact> : null}
            {f.level ? <Fact term={t('inventory.facts.level')}>{valueLabel(i18n, 'level', f.level, f.level)}</Fact> : null}
            <Fact term={t('inventory.facts.credit')}>{credit > 0 ? t('inventory.facts.creditBearing', { hours: hours(i18n, credit) }) : t('inventory.fact.nonCredit')}</Fact>
            {f.delivery_mode ? <Fact term={t('inventory.facts.delivery')}>{valueLabel(i18n, 'delivery_mode', f.delivery_mode, f.delivery_mode)}</Fact> : null}
            {f.duration ? <Fact term={t('inventory.facts.time')}>{f.duration}</Fact> : null}
            <Fact term={t('inventory.facts.cost')}>{f.cost.free || !f.cost.amount ? t('inventory.fact.free') : money(i18n, f.cost.amount)}</Fact>
            {f.start_terms.length ? <Fact term={t('inventory.facts.starts')}>{f.start_terms.join(', ')}</Fact> : null}
            <Fact term={t('inventory.facts.aid')}>{f.financial_aid_eligible ? t('inventory.facts.eligible') : t('inventory.facts.notEligible')}</Fact>
            {f.focus_areas.length ? <Fact term={t('inventory.facts.focusAreas')}>{f.focus_areas.map((a) => valueLabel(i18n, 'focus_area', a, a)).join(', ')}</Fact> : null}
            {f.stacks_into.length ? <Fact term={t('inventory.facts.stacksInto')}>{f.stacks_into.join('; ')}</Fact> : null}
            <Fact term={t('inventory.facts.expires')}>{v.badgeClass?.expiresAfterMonths ? t('inventory.facts.expiresAfter', { months: v.badgeClass.expiresAfterMonths }) : t('inventory.facts.never')}</Fact>
          </dl>
          {f.program_url ? (
            <a class="usa-button width-full margin-top-2" href={f.program_url} rel="noopener">
              {t('inventory.facts.website')}
            </a>
          ) : null}
        </div>
      </div>
      {f.partners.length ? (
        <>
          <h2 class="laurel-side-heading">{t('inventory.facts.partners')}</h2>
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
          <h2 class="laurel-side-heading">{t('inventory.facts.contact')}</h2>
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
