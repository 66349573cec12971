// The statewide inventory's search page: a GET form (it works without JavaScript and every search is a
// URL; assets/inventory.js updates the results as you type), the filters, and a page of results.
import type { DomainError } from '../../../domain/errors.ts';
import { inventoryQueryString, labelledFacets, SORT_LABELS, SORTS, type FacetName, type InventoryQuery, type InventoryResult, type InventorySort, type LabelledFacetValue } from '../../../domain/inventory/query.ts';
import { Pagination } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ActiveFilters, FacetFilters } from './facets.tsx';
import { ResultList } from './result-list.tsx';

export function SearchPage({ ctx, query, result, error, canonical }: { ctx: PageContext; query: InventoryQuery; result: InventoryResult | null; error: DomainError | null; canonical: string }) {
  const facets = result ? labelledFacets(result) : null;
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
        {result ? (
          // ~45 filter controls come before the results: a keyboard user jumps over them.
          <a class="laurel-skip-link" href="#results-list">
            Skip to the results ({result.total.toLocaleString('en-US')})
          </a>
        ) : null}
        {error ? <SearchErrorAlert error={error} /> : null}
        {result && facets ? (
          <div class="grid-row grid-gap-lg">
            <FacetFilters query={query} facets={facets} />
            <SearchResults query={query} result={result} facets={facets} />
          </div>
        ) : null}
      </form>
    </Page>
  );
}

/**
 * The sort: the default for the search (best match with words, title without) is the empty value, so a
 * search typed after a page without words, submitted with Enter, is ranked by best match and not by the
 * title the page showed before the words were typed.
 */
function SortSelect({ query }: { query: InventoryQuery }) {
  const fallback: InventorySort = query.q ? 'relevance' : 'title';
  return (
    <select class="usa-select" id="sort" name="sort">
      <option value="" selected={query.sort === fallback}>
        {query.q ? SORT_LABELS.relevance : SORT_LABELS.title}
      </option>
      {SORTS.filter((s) => s !== 'relevance' && s !== fallback).map((s) => (
        <option value={s} selected={s === query.sort} key={s}>
          {SORT_LABELS[s]}
        </option>
      ))}
    </select>
  );
}

function SearchErrorAlert({ error }: { error: DomainError }) {
  return (
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
  );
}

function SearchResults({ query, result, facets }: { query: InventoryQuery; result: InventoryResult; facets: Record<FacetName, LabelledFacetValue[]> }) {
  const qs = inventoryQueryString(query);
  const endorsedCount = facets.endorsement.find((v) => v.value === 'endorsed')?.count ?? 0;
  const notCount = facets.endorsement.find((v) => v.value === 'not_endorsed')?.count ?? 0;
  return (
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
          <SortSelect query={query} />
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
        <div class="usa-alert usa-alert--info usa-alert--slim margin-y-2" role="status" id="results-list" tabindex={-1}>
          <div class="usa-alert__body">
            <p class="usa-alert__text">No program matches this search. Try fewer words or remove a filter.</p>
          </div>
        </div>
      ) : (
        <ResultList items={result.items} id="results-list" />
      )}
      <Pagination page={query.page} perPage={query.perPage} total={result.total} href={(p) => `/inventory${inventoryQueryString(query, { page: p })}`} />
      <p class="laurel-export">
        Download these results: <a href={`/api/v1/inventory.csv${qs.replace(/([?&])page=\d+&?/, '$1').replace(/[?&]$/, '')}`}>CSV</a> ·{' '}
        <a href={`/api/v1/inventory${qs}`}>JSON</a>
      </p>
    </div>
  );
}
