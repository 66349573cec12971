// The public statewide inventory: search with facets (a GET form, so it works without JavaScript and
// every search is a URL), a page per program with its badge, a page per institution, and the sitemap.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import {
  ENDORSEMENT_LABELS,
  FACET_TITLES,
  inventoryQueryString,
  labelledFacets,
  parseInventoryQuery,
  SORT_LABELS,
  creditHourRange,
  type LabelledFacetValue,
} from '../../domain/inventory/query.ts';
import { getPublishedProgram, type ProgramView } from '../../domain/programs/published.ts';
import { CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS, totalCreditHours } from '../../domain/programs/form.ts';
import { criteriaText } from '../../domain/programs/lifecycle.ts';
import { repos } from '../../storage/repositories/index.ts';
import { CATEGORICAL_FACETS, SORTS, type CategoricalFacet, type FacetName, type InventoryItem, type InventoryQuery, type InventoryResult } from '../../storage/search/index.ts';
import { Pagination } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { registerInventoryImages } from './inventory-images.ts';

const money = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const hours = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} credit hour${n === 1 ? '' : 's'}`;

export function EndorsementTag({ endorsement }: { endorsement: 'endorsed' | 'not_endorsed' }) {
  return <span class={`usa-tag laurel-endorsement laurel-endorsement--${endorsement}`}>{ENDORSEMENT_LABELS[endorsement]}</span>;
}

function itemFacts(i: InventoryItem): string[] {
  return [
    i.credentialType ? CREDENTIAL_TYPES[i.credentialType as keyof typeof CREDENTIAL_TYPES] : null,
    i.level ? LEVELS[i.level as keyof typeof LEVELS] : null,
    i.deliveryMode ? DELIVERY_MODES[i.deliveryMode as keyof typeof DELIVERY_MODES] : null,
    i.creditBearing ? hours(i.creditHours) : 'Non-credit',
    i.costFree ? 'Free' : i.costAmount ? money(i.costAmount) : 'Paid',
  ].filter((x): x is string => Boolean(x));
}

export function ResultList({ items, showInstitution = true }: { items: readonly InventoryItem[]; showInstitution?: boolean }) {
  return (
    <ul class="usa-list usa-list--unstyled laurel-results">
      {items.map((i) => (
        <li class="laurel-result" key={i.programId}>
          <img class="laurel-result__badge" src={`/programs/${i.programId}/badge`} alt="" width={72} height={72} loading="lazy" />
          <div class="laurel-result__body">
            <h3 class="laurel-result__title">
              <a href={`/programs/${i.programId}`}>{i.title}</a>
            </h3>
            <p class="laurel-result__meta">
              {showInstitution ? (
                <>
                  <a href={`/institutions/${i.institutionSlug}`}>{i.institutionName}</a>
                  {' · '}
                </>
              ) : null}
              <EndorsementTag endorsement={i.endorsement} />
            </p>
            <p class="laurel-result__facts">{itemFacts(i).join(' · ')}</p>
            <p class="laurel-result__summary">{i.summary}</p>
            {i.skills.length ? (
              <p class="laurel-result__skills">
                <span class="usa-sr-only">Skills: </span>
                {i.skills.slice(0, 6).map((s) => (
                  <span class="laurel-skill" key={s}>
                    {s}
                  </span>
                ))}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

function FacetCheckboxes({ name, values, query, visible }: { name: CategoricalFacet; values: LabelledFacetValue[]; query: InventoryQuery; visible?: number }) {
  if (values.length === 0) return null;
  const shown = visible && values.length > visible ? values.slice(0, visible) : values;
  const more = visible && values.length > visible ? values.slice(visible).filter((v) => !v.selected) : [];
  const selectedHidden = visible && values.length > visible ? values.slice(visible).filter((v) => v.selected) : [];
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
  void query;
  return (
    <fieldset class="usa-fieldset laurel-facet">
      <legend class="usa-legend laurel-facet__legend">{FACET_TITLES[name]}</legend>
      {[...shown, ...selectedHidden].map(box)}
      {more.length ? (
        <details class="laurel-facet__more">
          <summary>
            More {FACET_TITLES[name].toLowerCase()} options ({more.length})
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
function ActiveFilters({ query, facets }: { query: InventoryQuery; facets: Record<FacetName, LabelledFacetValue[]> }) {
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

function SearchPage({ ctx, query, result, error, canonical }: { ctx: PageContext; query: InventoryQuery; result: InventoryResult | null; error: DomainError | null; canonical: string }) {
  const facets = result ? labelledFacets(result) : null;
  const qs = inventoryQueryString(query);
  const endorsedCount = facets?.endorsement.find((v) => v.value === 'endorsed')?.count ?? 0;
  const notCount = facets?.endorsement.find((v) => v.value === 'not_endorsed')?.count ?? 0;
  return (
    <Page
      ctx={ctx}
      title={query.q ? `“${query.q}” in the statewide inventory` : 'Statewide inventory of micro-credentials'}
      description="Search every micro-credential and digital badge of the state system, Endorsed by State Regents or Not Endorsed by State Regents, by skill, institution, credit and more."
      wide
      head={
        <>
          <link rel="canonical" href={canonical} />
          <meta property="og:type" content="website" />
          <meta property="og:title" content="Statewide inventory of micro-credentials and digital badges" />
          <meta property="og:description" content="Search every micro-credential and digital badge of the state system, endorsed or not by the State Regents." />
          <meta property="og:url" content={canonical} />
          <meta property="og:image" content={`${ctx.publicUrl}/assets/laurel-icon.svg`} />
          <meta name="twitter:card" content="summary" />
          <script src="/assets/inventory.js" defer></script>
        </>
      }
    >
      <h1 class="margin-top-0">Statewide inventory</h1>
      <p class="usa-intro laurel-intro">
        Every micro-credential and digital badge listed by the institutions of the state system, <strong>Endorsed by State Regents</strong> or{' '}
        <strong>Not Endorsed by State Regents</strong>.
      </p>
      <form method="get" action="/inventory" id="inventory-form" class="laurel-inventory-form">
        <section aria-label="Search" class="laurel-searchbar">
          <div class="usa-search usa-search--big" role="search">
            <label class="usa-sr-only" for="q">
              Search programs by title, skill, institution or partner
            </label>
            <input class="usa-input" id="q" type="search" name="q" value={query.q} maxLength={200} autocomplete="off" placeholder="Search by skill, title, institution or partner" />
            <button class="usa-button" type="submit">
              <span class="usa-search__submit-text">Search</span>
              <img src="/assets/uswds/img/usa-icons-bg/search--white.svg" class="usa-search__submit-icon" alt="Search" />
            </button>
          </div>
        </section>
        {error ? (
          <div class="usa-alert usa-alert--error margin-y-2" role="alert">
            <div class="usa-alert__body">
              <h2 class="usa-alert__heading">This search could not be run</h2>
              <ul class="usa-alert__text usa-list">
                {Object.values(error.fields).map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
              <p class="usa-alert__text">
                <a href="/inventory">Start a new search</a>
              </p>
            </div>
          </div>
        ) : null}
        {result && facets ? (
          <div class="grid-row grid-gap-lg">
            <aside class="tablet:grid-col-4 desktop:grid-col-3 laurel-facets" aria-labelledby="filters-heading">
              <h2 id="filters-heading" class="laurel-facets__heading">
                Filter programs
              </h2>
              <FacetCheckboxes name="endorsement" values={facets.endorsement} query={query} />
              <FacetCheckboxes name="institution" values={facets.institution} query={query} />
              <FacetCheckboxes name="credential_type" values={facets.credential_type} query={query} />
              <FacetCheckboxes name="credit" values={facets.credit} query={query} />
              <CreditHoursFacet values={facets.credit_hours} query={query} />
              <FacetCheckboxes name="focus_area" values={facets.focus_area} query={query} />
              <FacetCheckboxes name="level" values={facets.level} query={query} />
              <FacetCheckboxes name="delivery_mode" values={facets.delivery_mode} query={query} />
              <FacetCheckboxes name="cost" values={facets.cost} query={query} />
              <FacetCheckboxes name="skill" values={facets.skill} query={query} visible={8} />
              <FacetCheckboxes name="partner" values={facets.partner} query={query} visible={6} />
              <FacetCheckboxes name="has_badge" values={facets.has_badge} query={query} />
              <button class="usa-button laurel-apply" type="submit">
                Apply filters
              </button>
            </aside>
            <div class="tablet:grid-col-8 desktop:grid-col-9" id="inventory-results">
              <div class="laurel-results-head">
                <h2 class="margin-0" id="results-heading" aria-live="polite">
                  {result.total.toLocaleString('en-US')} program{result.total === 1 ? '' : 's'}
                  {query.q ? <> for “{query.q}”</> : null}
                </h2>
                <div class="laurel-sort">
                  <label class="usa-label margin-top-0" for="sort">
                    Sort by
                  </label>
                  <select class="usa-select" id="sort" name="sort">
                    {SORTS.filter((s) => s !== 'relevance' || query.q).map((s) => (
                      <option value={s} selected={s === query.sort} key={s}>
                        {SORT_LABELS[s]}
                      </option>
                    ))}
                  </select>
                  <button class="usa-button usa-button--outline laurel-sort__go" type="submit">
                    Sort
                  </button>
                </div>
              </div>
              <p class="laurel-split">
                <a href={`/inventory${inventoryQueryString(query, { page: 1, set: { endorsement: ['endorsed'] } })}`}>{endorsedCount.toLocaleString('en-US')} Endorsed by State Regents</a>
                {' · '}
                <a href={`/inventory${inventoryQueryString(query, { page: 1, set: { endorsement: ['not_endorsed'] } })}`}>{notCount.toLocaleString('en-US')} Not Endorsed by State Regents</a>
              </p>
              <ActiveFilters query={query} facets={facets} />
              {result.suggestion ? (
                <p class="laurel-suggestion">
                  Did you mean{' '}
                  <a href={`/inventory${inventoryQueryString({ ...query, q: result.suggestion }, { page: 1 })}`}>
                    <strong>{result.suggestion}</strong>
                  </a>
                  ?
                </p>
              ) : null}
              {result.total === 0 ? (
                <div class="usa-alert usa-alert--info usa-alert--slim margin-y-2" role="status">
                  <div class="usa-alert__body">
                    <p class="usa-alert__text">No program matches this search. Try fewer words or remove a filter.</p>
                  </div>
                </div>
              ) : (
                <ResultList items={result.items} />
              )}
              <Pagination page={query.page} perPage={query.perPage} total={result.total} href={(p) => `/inventory${inventoryQueryString(query, { page: p })}`} />
              <p class="laurel-export">
                Download these results: <a href={`/api/v1/inventory.csv${qs.replace(/([?&])page=\d+&?/, '$1').replace(/[?&]$/, '')}`}>CSV</a> ·{' '}
                <a href={`/api/v1/inventory${qs}`}>JSON</a>
              </p>
            </div>
          </div>
        ) : null}
      </form>
    </Page>
  );
}

function Fact({ term, children }: { term: string; children: preact.ComponentChildren }) {
  return (
    <div class="laurel-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function programJsonLd(v: ProgramView, url: string, imageUrl: string): string {
  const f = v.form;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'EducationalOccupationalCredential',
    '@id': url,
    url,
    name: f.title,
    description: f.narrative,
    image: imageUrl,
    credentialCategory: f.credential_type ? CREDENTIAL_TYPES[f.credential_type] : 'Micro-credential',
    educationalLevel: f.level ? LEVELS[f.level] : undefined,
    competencyRequired: f.skills,
    keywords: f.skills.join(', '),
    recognizedBy: v.program.endorsement === 'endorsed' ? { '@type': 'Organization', name: 'State Regents for Higher Education' } : undefined,
    offers: { '@type': 'Offer', price: f.cost.free ? 0 : (f.cost.amount ?? undefined), priceCurrency: 'USD', category: f.cost.free ? 'Free' : 'Paid' },
    provider: { '@type': 'CollegeOrUniversity', name: v.organization.name, url: v.organization.website ?? undefined },
    sameAs: f.program_url || undefined,
    timeRequired: f.duration || undefined,
  };
  // A data block, not script: CSP does not apply, but "</" must not close the element early.
  return JSON.stringify(ld).replace(/</g, '\\u003c');
}

function ProgramPage({ ctx, v }: { ctx: PageContext; v: ProgramView }) {
  const f = v.form;
  const url = `${ctx.publicUrl}/programs/${v.program.id}`;
  const og = `${url}/og.png`;
  const endorsed = v.program.endorsement === 'endorsed';
  const credit = totalCreditHours(f);
  const description = f.narrative.length > 200 ? `${f.narrative.slice(0, 197)}…` : f.narrative;
  const alt = v.badgeClass?.imageAlt || `Badge for ${f.title}, ${v.organization.name}`;
  return (
    <Page
      ctx={ctx}
      title={`${f.title} · ${v.organization.name}`}
      description={description}
      head={
        <>
          <link rel="canonical" href={url} />
          <meta property="og:type" content="website" />
          <meta property="og:site_name" content="Laurel" />
          <meta property="og:title" content={`${f.title} · ${v.organization.name}`} />
          <meta property="og:description" content={`${ENDORSEMENT_LABELS[endorsed ? 'endorsed' : 'not_endorsed']}. ${description}`} />
          <meta property="og:url" content={url} />
          <meta property="og:image" content={og} />
          <meta property="og:image:type" content="image/png" />
          <meta property="og:image:width" content="1200" />
          <meta property="og:image:height" content="630" />
          <meta property="og:image:alt" content={`${f.title}, ${v.organization.name}: ${ENDORSEMENT_LABELS[endorsed ? 'endorsed' : 'not_endorsed']}`} />
          <meta name="twitter:card" content="summary_large_image" />
          <meta name="twitter:title" content={f.title} />
          <meta name="twitter:description" content={description} />
          <meta name="twitter:image" content={og} />
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: programJsonLd(v, url, `${url}/badge.png`) }} />
        </>
      }
    >
      <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
        <ol class="usa-breadcrumb__list">
          <li class="usa-breadcrumb__list-item">
            <a class="usa-breadcrumb__link" href="/inventory">
              <span>Inventory</span>
            </a>
          </li>
          <li class="usa-breadcrumb__list-item">
            <a class="usa-breadcrumb__link" href={`/institutions/${v.organization.slug}`}>
              <span>{v.organization.name}</span>
            </a>
          </li>
          <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
            <span>{f.title}</span>
          </li>
        </ol>
      </nav>
      <div class="laurel-program-head">
        <img class="laurel-program-head__badge" src={`/programs/${v.program.id}/badge`} alt={alt} width={160} height={160} />
        <div>
          <h1 class="margin-y-1">{f.title}</h1>
          <p class="laurel-program-head__org">
            <a href={`/institutions/${v.organization.slug}`}>{v.organization.name}</a>
            {f.department ? <> · {f.department}</> : null}
          </p>
          <p class={`laurel-endorsement-banner laurel-endorsement-banner--${endorsed ? 'endorsed' : 'not_endorsed'}`}>
            <strong>{ENDORSEMENT_LABELS[endorsed ? 'endorsed' : 'not_endorsed']}</strong>
            <span>
              {endorsed
                ? ' — reviewed by State Regents’ staff for policy compliance and approved by the Chancellor.'
                : ' — listed by the institution; not submitted for, or not granted, State Regents endorsement.'}
            </span>
          </p>
        </div>
      </div>
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-8 usa-prose laurel-program-body">
          <h2>What earners can do</h2>
          <p>{f.narrative}</p>
          {f.skills.length ? (
            <>
              <h2>Skills</h2>
              <p class="laurel-result__skills">
                {f.skills.map((s) => (
                  <a class="laurel-skill" href={`/inventory?skill=${encodeURIComponent(s)}`} key={s}>
                    {s}
                  </a>
                ))}
              </p>
            </>
          ) : null}
          {f.outcomes.length ? (
            <>
              <h2>Learning outcomes</h2>
              <ul>
                {f.outcomes.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </>
          ) : null}
          {f.courses.length ? (
            <>
              <h2>Credit-bearing courses</h2>
              <table class="usa-table usa-table--borderless width-full">
                <caption class="usa-sr-only">Courses and credit hours</caption>
                <thead>
                  <tr>
                    <th scope="col">Course</th>
                    <th scope="col">Title</th>
                    <th scope="col" class="text-right">
                      Credit hours
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.courses.map((c) => (
                    <tr key={`${c.prefix}${c.number}`}>
                      <td>
                        {c.prefix} {c.number}
                      </td>
                      <td>{c.title}</td>
                      <td class="text-right">{c.credit_hours ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      Total
                    </th>
                    <td class="text-right text-bold">{credit}</td>
                  </tr>
                </tfoot>
              </table>
            </>
          ) : null}
          {f.activities.length ? (
            <>
              <h2>Non-credit activities</h2>
              <table class="usa-table usa-table--borderless width-full">
                <caption class="usa-sr-only">Activities and contact hours</caption>
                <thead>
                  <tr>
                    <th scope="col">Activity</th>
                    <th scope="col" class="text-right">
                      Contact hours
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.activities.map((a) => (
                    <tr key={a.title}>
                      <td>{a.title}</td>
                      <td class="text-right">{a.contact_hours ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          <h2>How to earn the badge</h2>
          <p class="laurel-prewrap">{criteriaText(f) || 'The institution publishes the criteria on the program’s website.'}</p>
          {f.assessment_methods ? (
            <>
              <h3>How it is assessed</h3>
              <p>{f.assessment_methods}</p>
            </>
          ) : null}
          {f.evidence ? (
            <>
              <h3>Evidence</h3>
              <p>{f.evidence}</p>
            </>
          ) : null}
        </div>
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
      </div>
    </Page>
  );
}

async function searchOrError(app: FastifyInstance, params: Record<string, unknown>, force?: Partial<InventoryQuery['filters']>) {
  try {
    const { query } = parseInventoryQuery(params);
    const q = force ? { ...query, filters: { ...query.filters, ...force } } : query;
    return { query: q, result: await app.laurel.deps.search.search(q), error: null };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'validation_failed') {
      return { query: { q: typeof params.q === 'string' ? params.q.slice(0, 200) : '', filters: {}, sort: 'title', page: 1, perPage: 20 } as InventoryQuery, result: null, error: err };
    }
    throw err;
  }
}

export function registerInventoryPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;

  app.get('/inventory', async (req: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(req, reply);
    const { query, result, error } = await searchOrError(app, req.query as Record<string, unknown>);
    const canonical = `${ctx.publicUrl}/inventory${inventoryQueryString(query)}`;
    return sendPage(reply, <SearchPage ctx={ctx} query={query} result={result} error={error} canonical={canonical} />, error ? 422 : 200);
  });

  app.get('/programs/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const v = await getPublishedProgram(deps().db, id);
    if (!v) throw new DomainError('not_found', 'This program is not listed in the inventory. It may have been suspended or retired.');
    return sendPage(reply, <ProgramPage ctx={pageContext(req, reply)} v={v} />);
  });

  app.get('/institutions/:slug', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const org = await repos(deps().db).organizations.findBySlug(slug);
    if (!org || org.kind !== 'institution') throw new DomainError('not_found', `There is no institution "${slug}".`);
    const ctx = pageContext(req, reply);
    const params = { ...(req.query as Record<string, unknown>) };
    delete params.institution;
    const { query, result, error } = await searchOrError(app, params, { institution: [slug] });
    const url = `${ctx.publicUrl}/institutions/${slug}`;
    const facets = result ? labelledFacets(result) : null;
    return sendPage(
      reply,
      <Page
        ctx={ctx}
        title={`${org.name} micro-credentials`}
        description={`Micro-credentials and digital badges of ${org.name} in the statewide inventory.`}
        head={
          <>
            <link rel="canonical" href={url} />
            <meta property="og:type" content="website" />
            <meta property="og:title" content={`${org.name} micro-credentials`} />
            <meta property="og:description" content={org.description ?? `Micro-credentials and digital badges of ${org.name}.`} />
            <meta property="og:url" content={url} />
          </>
        }
      >
        <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
          <ol class="usa-breadcrumb__list">
            <li class="usa-breadcrumb__list-item">
              <a class="usa-breadcrumb__link" href="/inventory">
                <span>Inventory</span>
              </a>
            </li>
            <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
              <span>{org.name}</span>
            </li>
          </ol>
        </nav>
        <h1>{org.name}</h1>
        {org.description ? <p class="usa-intro">{org.description}</p> : null}
        <p>
          {org.city ? `${org.city} · ` : null}
          {org.website ? (
            <a href={org.website} rel="noopener">
              {org.website.replace(/^https?:\/\//, '')}
            </a>
          ) : null}
        </p>
        {error ? <p class="usa-error-message">{Object.values(error.fields).join(' ')}</p> : null}
        {result && facets ? (
          <>
            <h2>
              {result.total.toLocaleString('en-US')} program{result.total === 1 ? '' : 's'} in the inventory
            </h2>
            <p class="laurel-split">
              {(facets.endorsement.find((x) => x.value === 'endorsed')?.count ?? 0).toLocaleString('en-US')} Endorsed by State Regents ·{' '}
              {(facets.endorsement.find((x) => x.value === 'not_endorsed')?.count ?? 0).toLocaleString('en-US')} Not Endorsed by State Regents ·{' '}
              <a href={`/inventory?institution=${slug}`}>Search and filter these programs</a>
            </p>
            <ResultList items={result.items} showInstitution={false} />
            <Pagination page={query.page} perPage={query.perPage} total={result.total} href={(p) => `/institutions/${slug}${p > 1 ? `?page=${p}` : ''}`} />
          </>
        ) : null}
      </Page>,
    );
  });

  app.get('/sitemap.xml', async (_req, reply) => {
    const base = deps().config.publicUrl;
    const orgs = (await repos(deps().db).organizations.list()).filter((o) => o.kind === 'institution' && o.status === 'active');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    async function* body(): AsyncGenerator<string> {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
      yield `<url><loc>${esc(base)}/</loc></url>\n<url><loc>${esc(base)}/inventory</loc><changefreq>daily</changefreq></url>\n`;
      for (const o of orgs) yield `<url><loc>${esc(`${base}/institutions/${o.slug}`)}</loc></url>\n`;
      // The sitemap protocol allows 50,000 URLs per file.
      let n = 0;
      for await (const item of app.laurel.deps.search.all({ q: '', filters: {}, sort: 'title' })) {
        if (++n > 49_000) break;
        yield `<url><loc>${esc(`${base}/programs/${item.programId}`)}</loc><lastmod>${item.publishedAt.slice(0, 10)}</lastmod></url>\n`;
      }
      yield '</urlset>\n';
    }
    const { Readable } = await import('node:stream');
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(Readable.from(body()));
  });

  registerInventoryImages(app);
}

