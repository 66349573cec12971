// The search page's filters: a checkbox group per categorical facet (long ones folded under "Show all N"),
// the credit-hour ranges as links, and the chips of the active filters.
import { CATEGORICAL_FACETS, creditHourRange, FACET_TITLES, inventoryQueryString, type CategoricalFacet, type FacetName, type InventoryQuery, type LabelledFacetValue } from '../../../domain/inventory/query.ts';

/** How many values a facet shows before its "Show all" disclosure (a keyboard user tabs through each one). */
export const FACET_VISIBLE = 5;

const FACET_PLURALS: Record<CategoricalFacet, string> = {
  endorsement: 'endorsement values',
  institution: 'institutions',
  credential_type: 'credential types',
  credit: 'credit values',
  focus_area: 'focus areas',
  level: 'levels',
  delivery_mode: 'delivery modes',
  cost: 'cost values',
  skill: 'skills',
  partner: 'industry partners',
  has_badge: 'digital badge values',
  stacks_into: 'destinations',
};

function FacetCheckboxes({ name, values }: { name: CategoricalFacet; values: LabelledFacetValue[] }) {
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
          {v.label} <span class="laurel-count">({v.count.toLocaleString('en-US')})</span>
        </label>
      </div>
    );
  };
  return (
    <fieldset class="usa-fieldset laurel-facet">
      <legend class="usa-legend laurel-facet__legend">{FACET_TITLES[name]}</legend>
      {[...shown, ...selectedHidden].map(box)}
      {more.length ? (
        <details class="laurel-facet__more" data-facet={name}>
          <summary>
            Show all {values.length} {FACET_PLURALS[name]}
          </summary>
          {more.map(box)}
        </details>
      ) : null}
    </fieldset>
  );
}

function CreditHoursFacet({ values, query }: { values: LabelledFacetValue[]; query: InventoryQuery }) {
  const active = query.filters.credit_hours_min !== undefined || query.filters.credit_hours_max !== undefined;
  return (
    <fieldset class="usa-fieldset laurel-facet">
      <legend class="usa-legend laurel-facet__legend">{FACET_TITLES.credit_hours}</legend>
      <ul class="usa-list usa-list--unstyled">
        {values.map((v) => {
          const r = creditHourRange(v.value);
          return (
            <li key={v.value}>
              {v.selected ? (
                <strong aria-current="true">
                  {v.label} <span class="laurel-count">({v.count.toLocaleString('en-US')})</span>
                </strong>
              ) : (
                <a href={`/inventory${inventoryQueryString(query, { page: 1, hours: { min: r.min, max: r.max } })}`}>
                  {v.label} <span class="laurel-count">({v.count.toLocaleString('en-US')})</span>
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
          <a href={`/inventory${inventoryQueryString(query, { page: 1, hours: {} })}`}>Any credit hours</a>
        </>
      ) : null}
    </fieldset>
  );
}

/** The chips of the active filters, each a link that removes it. */
export function ActiveFilters({ query, facets }: { query: InventoryQuery; facets: Record<FacetName, LabelledFacetValue[]> }) {
  const chips: { label: string; href: string }[] = [];
  for (const name of CATEGORICAL_FACETS) {
    for (const v of query.filters[name] ?? []) {
      const label = facets[name].find((x) => x.value === (name === 'skill' || name === 'partner' ? v.toLowerCase() : v))?.label ?? v;
      chips.push({ label: `${FACET_TITLES[name]}: ${label}`, href: `/inventory${inventoryQueryString(query, { page: 1, set: { [name]: (query.filters[name] ?? []).filter((x) => x !== v) } })}` });
    }
  }
  const { credit_hours_min: min, credit_hours_max: max } = query.filters;
  if (min !== undefined || max !== undefined) {
    chips.push({ label: `Credit hours: ${min ?? 0} to ${max ?? 'any'}`, href: `/inventory${inventoryQueryString(query, { page: 1, hours: {} })}` });
  }
  if (chips.length === 0) return null;
  return (
    <div class="laurel-chips">
      <span class="text-bold">Filtered by:</span>
      {chips.map((c) => (
        <a class="laurel-chip" href={c.href} key={c.href}>
          {c.label}
          <span class="usa-sr-only"> (remove this filter)</span>
          <span aria-hidden="true"> ×</span>
        </a>
      ))}
      <a href={`/inventory${query.q ? `?q=${encodeURIComponent(query.q)}` : ''}`}>Clear all filters</a>
    </div>
  );
}

/** The sidebar of filters, in the order people look for them. */
export function FacetFilters({ query, facets }: { query: InventoryQuery; facets: Record<FacetName, LabelledFacetValue[]> }) {
  return (
    <aside class="tablet:grid-col-4 desktop:grid-col-3 laurel-facets" aria-labelledby="filters-heading">
      <h2 id="filters-heading" class="laurel-facets__heading">
        Filter programs
      </h2>
      <FacetCheckboxes name="endorsement" values={facets.endorsement} />
      <FacetCheckboxes name="institution" values={facets.institution} />
      <FacetCheckboxes name="credential_type" values={facets.credential_type} />
      <FacetCheckboxes name="credit" values={facets.credit} />
      <CreditHoursFacet values={facets.credit_hours} query={query} />
      <FacetCheckboxes name="stacks_into" values={facets.stacks_into} />
      <FacetCheckboxes name="focus_area" values={facets.focus_area} />
      <FacetCheckboxes name="level" values={facets.level} />
      <FacetCheckboxes name="delivery_mode" values={facets.delivery_mode} />
      <FacetCheckboxes name="cost" values={facets.cost} />
      <FacetCheckboxes name="skill" values={facets.skill} />
      <FacetCheckboxes name="partner" values={facets.partner} />
      <FacetCheckboxes name="has_badge" values={facets.has_badge} />
      <button class="usa-button laurel-apply" type="submit">
        Apply filters
      </button>
    </aside>
  );
}
