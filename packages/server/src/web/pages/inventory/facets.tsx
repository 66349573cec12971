// The search page's filters: a checkbox group per categorical facet (long ones folded under "Show all N"),
// the credit-hour ranges as links, and the chips of the active filters.
import { msgKey, type MessageKey, type Translator } from '../../../shared/i18n/translator.ts';
import { valueLabel } from './value-labels.ts';
import { CATEGORICAL_FACETS, creditHourRange, inventoryQueryString, type CategoricalFacet, type FacetName, type InventoryQuery, type LabelledFacetValue } from '../../../domain/inventory/query.ts';

/** How many values a facet shows before its "Show all" disclosure (a keyboard user tabs through each one). */
export const FACET_VISIBLE = 5;

const SHOW_ALL: Record<CategoricalFacet, MessageKey> = {
  endorsement: msgKey('inventory.facets.showAll.endorsement'),
  institution: msgKey('inventory.facets.showAll.institution'),
  credential_type: msgKey('inventory.facets.showAll.credential_type'),
  credit: msgKey('inventory.facets.showAll.credit'),
  focus_area: msgKey('inventory.facets.showAll.focus_area'),
  level: msgKey('inventory.facets.showAll.level'),
  delivery_mode: msgKey('inventory.facets.showAll.delivery_mode'),
  cost: msgKey('inventory.facets.showAll.cost'),
  skill: msgKey('inventory.facets.showAll.skill'),
  partner: msgKey('inventory.facets.showAll.partner'),
  has_badge: msgKey('inventory.facets.showAll.has_badge'),
  stacks_into: msgKey('inventory.facets.showAll.stacks_into'),
};

/** Each facet's title (the domain's FACET_TITLES, in the page's language). */
export const FACET_TITLE_KEYS: Record<FacetName, MessageKey> = {
  endorsement: msgKey('inventory.facet.endorsement'),
  institution: msgKey('inventory.facet.institution'),
  credential_type: msgKey('inventory.facet.credential_type'),
  credit: msgKey('inventory.facet.credit'),
  credit_hours: msgKey('inventory.facet.credit_hours'),
  focus_area: msgKey('inventory.facet.focus_area'),
  level: msgKey('inventory.facet.level'),
  delivery_mode: msgKey('inventory.facet.delivery_mode'),
  cost: msgKey('inventory.facet.cost'),
  skill: msgKey('inventory.facet.skill'),
  partner: msgKey('inventory.facet.partner'),
  has_badge: msgKey('inventory.facet.has_badge'),
  stacks_into: msgKey('inventory.facet.stacks_into'),
};

function FacetCheckboxes({ t, name, values }: { t: Translator; name: CategoricalFacet; values: LabelledFacetValue[] }) {
  if (values.length === 0) return null;
  const folds = values.length > FACET_VISIBLE;
  const shown = folds ? values.slice(0, FACET_VISIBLE) : values;
  const more = folds ? values.slice(FACET_VISIBLE).filter((v) => !v.selected) : [];
  const selectedHidden = folds ? values.slice(FACET_VISIBLE).filter((v) => v.selected) : [];
  const box = (v: LabelledFacetValue) => {
    const id = `f-${name}-${v.value.replace(/[^a-z0-9]+/gi, '-')}`;
    return (
      <div class="usa-checkbox" key={v.value}>
        <input class="usa-checkbox__input" id={id} type="checkbox" name={name} value={v.value} checked={v.selected} />
        <label class="usa-checkbox__label" for={id}>
          {valueLabel(t, name, v.value, v.label)} <span class="laurel-count">({t.formatNumber(v.count)})</span>
        </label>
      </div>
    );
  };
  return (
    <fieldset class="usa-fieldset laurel-facet">
      <legend class="usa-legend laurel-facet__legend">{t.t(FACET_TITLE_KEYS[name])}</legend>
      {[...shown, ...selectedHidden].map(box)}
      {more.length ? (
        <details class="laurel-facet__more" data-facet={name}>
          <summary>
            {t.t(SHOW_ALL[name], { count: values.length })}
          </summary>
          {more.map(box)}
        </details>
      ) : null}
    </fieldset>
  );
}

function CreditHoursFacet({ t, values, query }: { t: Translator; values: LabelledFacetValue[]; query: InventoryQuery }) {
  const active = query.filters.credit_hours_min !== undefined || query.filters.credit_hours_max !== undefined;
  return (
    <fieldset class="usa-fieldset laurel-facet">
      <legend class="usa-legend laurel-facet__legend">{t.t('inventory.facet.credit_hours')}</legend>
      <ul class="usa-list usa-list--unstyled">
        {values.map((v) => {
          const r = creditHourRange(v.value);
          return (
            <li key={v.value}>
              {v.selected ? (
                <strong aria-current="true">
                  {valueLabel(t, 'credit_hours', v.value, v.label)} <span class="laurel-count">({t.formatNumber(v.count)})</span>
                </strong>
              ) : (
                <a href={`/inventory${inventoryQueryString(query, { page: 1, hours: { min: r.min, max: r.max } })}`}>
                  {valueLabel(t, 'credit_hours', v.value, v.label)} <span class="laurel-count">({t.formatNumber(v.count)})</span>
                </a>
              )}
            </li>
          );
        })}
      </ul>
      {active ? (
        <>
          {query.filters.credit_hours_min !== undefined ? <input type="hidden" name="credit_hours_min" value={String(query.filters.credit_hours_min)} /> : null}
          {query.filters.credit_hours_max !== undefined ? <input type="hidden" name="credit_hours_max" value={String(query.filters.credit_hours_max)} /> : null}
          <a href={`/inventory${inventoryQueryString(query, { page: 1, hours: {} })}`}>{t.t('inventory.facets.anyHours')}</a>
        </>
      ) : null}
    </fieldset>
  );
}

/** The chips of the active filters, each a link that removes it. */
export function ActiveFilters({ t, query, facets }: { t: Translator; query: InventoryQuery; facets: Record<FacetName, LabelledFacetValue[]> }) {
  const chips: { label: string; href: string }[] = [];
  for (const name of CATEGORICAL_FACETS) {
    for (const v of query.filters[name] ?? []) {
      const label = valueLabel(t, name, v, facets[name].find((x) => x.value === (name === 'skill' || name === 'partner' ? v.toLowerCase() : v))?.label ?? v);
      chips.push({ label: t.t('inventory.facets.chip', { facet: t.t(FACET_TITLE_KEYS[name]), value: label }), href: `/inventory${inventoryQueryString(query, { page: 1, set: { [name]: (query.filters[name] ?? []).filter((x) => x !== v) } })}` });
    }
  }
  const { credit_hours_min: min, credit_hours_max: max } = query.filters;
  if (min !== undefined || max !== undefined) {
    chips.push({ label: t.t('inventory.facets.hoursChip', { min: min ?? 0, max: max ?? t.t('inventory.facets.any') }), href: `/inventory${inventoryQueryString(query, { page: 1, hours: {} })}` });
  }
  if (chips.length === 0) return null;
  return (
    <div class="laurel-chips">
      <span class="text-bold">{t.t('inventory.facets.filteredBy')}</span>
      {chips.map((c) => (
        <a class="laurel-chip" href={c.href} key={c.href}>
          {c.label}
          <span class="usa-sr-only">{t.t('inventory.facets.remove')}</span>
          <span aria-hidden="true"> ×</span>
        </a>
      ))}
      <a href={`/inventory${query.q ? `?q=${encodeURIComponent(query.q)}` : ''}`}>{t.t('inventory.facets.clearAll')}</a>
    </div>
  );
}

/** The sidebar of filters, in the order people look for them. */
export function FacetFilters({ t, query, facets }: { t: Translator; query: InventoryQuery; facets: Record<FacetName, LabelledFacetValue[]> }) {
  return (
    <aside class="tablet:grid-col-4 desktop:grid-col-3 laurel-facets" aria-labelledby="filters-heading">
      <h2 id="filters-heading" class="laurel-facets__heading">
        {t.t('inventory.facets.heading')}
      </h2>
      <FacetCheckboxes t={t} name="endorsement" values={facets.endorsement} />
      <FacetCheckboxes t={t} name="institution" values={facets.institution} />
      <FacetCheckboxes t={t} name="credential_type" values={facets.credential_type} />
      <FacetCheckboxes t={t} name="credit" values={facets.credit} />
      <CreditHoursFacet t={t} values={facets.credit_hours} query={query} />
      <FacetCheckboxes t={t} name="stacks_into" values={facets.stacks_into} />
      <FacetCheckboxes t={t} name="focus_area" values={facets.focus_area} />
      <FacetCheckboxes t={t} name="level" values={facets.level} />
      <FacetCheckboxes t={t} name="delivery_mode" values={facets.delivery_mode} />
      <FacetCheckboxes t={t} name="cost" values={facets.cost} />
      <FacetCheckboxes t={t} name="skill" values={facets.skill} />
      <FacetCheckboxes t={t} name="partner" values={facets.partner} />
      <FacetCheckboxes t={t} name="has_badge" values={facets.has_badge} />
      <button class="usa-button laurel-apply" type="submit">
        {t.t('inventory.facets.apply')}
      </button>
    </aside>
  );
}
