// The statewide inventory's search page: a GET form (it works without JavaScript and every search is a
// URL; assets/inventory.js updates the results as you type), the filters, and a page of results.
import type { DomainError } from '../../../domain/errors.ts';
import { inventoryQueryString, labelledFacets, SORTS, type FacetName, type InventoryQuery, type InventoryResult, type InventorySort, type LabelledFacetValue } from '../../../domain/inventory/query.ts';
import { msgKey, type Translator } from '../../../shared/i18n/translator.ts';
import { Pagination } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ActiveFilters, FacetFilters } from './facets.tsx';
import { ResultList } from './result-list.tsx';

const SORT_KEYS: Record<InventorySort, ReturnType<typeof msgKey>> = { relevance: msgKey('inventory.sort.relevance'), newest: msgKey('inventory.sort.newest'), title: msgKey('inventory.sort.title') };

export function SearchPage({ ctx, query, result, error, canonical }: { ctx: PageContext; query: InventoryQuery; result: InventoryResult | null; error: DomainError | null; canonical: string }) {
  const { t } = ctx;
  const facets = result ? labelledFacets(result) : null;
  return (
    <Page
      ctx={ctx}
      title={query.q ? t('inventory.search.titleQuery', { q: query.q }) : t('inventory.search.title')}
      description={t('inventory.search.description')}
      wide
      head={
        <>
          <link rel="canonical" href={canonical} />
          <meta property="og:type" content="website" />
          <meta property="og:title" content={t('inventory.search.ogTitle')} />
          <meta property="og:description" content={t('inventory.search.ogDescription')} />
          <meta property="og:url" content={canonical} />
          <meta property="og:image" content={`${ctx.publicUrl}/assets/laurel-icon.svg`} />
          <meta name="twitter:card" content="summary" />
          <script src="/assets/inventory.js" defer></script>
        </>
      }
    >
      <h1 class="margin-top-0">{t('inventory.search.heading')}</h1>
      <p class="usa-intro laurel-intro">
        {ctx.tx('inventory.search.intro', { b: (c) => <strong>{c}</strong> })}
      </p>
      <form method="get" action="/inventory" id="inventory-form" class="laurel-inventory-form">
        <section aria-label={t('inventory.search.region')} class="laurel-searchbar">
          <div class="usa-search usa-search--big" role="search">
            <label class="usa-sr-only" for="q">
              {t('inventory.search.label')}
            </label>
            <input class="usa-input" id="q" type="search" name="q" value={query.q} maxLength={200} autocomplete="off" placeholder={t('inventory.search.placeholder')} />
            <button class="usa-button" type="submit">
              <span class="usa-search__submit-text">{t('inventory.search.submit')}</span>
              <img src="/assets/uswds/img/usa-icons-bg/search--white.svg" class="usa-search__submit-icon" alt={t('inventory.search.submit')} />
            </button>
          </div>
        </section>
        {result ? (
          // ~45 filter controls come before the results: a keyboard user jumps over them.
          <a class="laurel-skip-link" href="#results-list">
            {t('inventory.search.skip', { count: result.total })}
          </a>
        ) : null}
        {error ? <SearchErrorAlert t={ctx} error={error} /> : null}
        {result && facets ? (
          <div class="grid-row grid-gap-lg">
            <FacetFilters t={ctx} query={query} facets={facets} />
            <SearchResults t={ctx} query={query} result={result} facets={facets} />
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
function SortSelect({ t, query }: { t: Translator; query: InventoryQuery }) {
  const fallback: InventorySort = query.q ? 'relevance' : 'title';
  return (
    <select class="usa-select" id="sort" name="sort">
      <option value="" selected={query.sort === fallback}>
        {t.t(query.q ? SORT_KEYS.relevance : SORT_KEYS.title)}
      </option>
      {SORTS.filter((s) => s !== 'relevance' && s !== fallback).map((s) => (
        <option value={s} selected={s === query.sort} key={s}>
          {t.t(SORT_KEYS[s])}
        </option>
      ))}
    </select>
  );
}

function SearchErrorAlert({ t, error }: { t: Translator; error: DomainError }) {
  return (
    <div class="usa-alert usa-alert--error margin-y-2" role="alert">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{t.t('inventory.search.errorHeading')}</h2>
        <ul class="usa-alert__text usa-list">
          {Object.values(error.fields).map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        <p class="usa-alert__text">
          <a href="/inventory">{t.t('inventory.search.startOver')}</a>
        </p>
      </div>
    </div>
  );
}

function SearchResults({ t, query, result, facets }: { t: Translator; query: InventoryQuery; result: InventoryResult; facets: Record<FacetName, LabelledFacetValue[]> }) {
  const qs = inventoryQueryString(query);
  const endorsedCount = facets.endorsement.find((v) => v.value === 'endorsed')?.count ?? 0;
  const notCount = facets.endorsement.find((v) => v.value === 'not_endorsed')?.count ?? 0;
  const suggestion = result.suggestion ?? '';
  return (
    <div class="tablet:grid-col-8 desktop:grid-col-9" id="inventory-results">
      <div class="laurel-results-head">
        <h2 class="margin-0" id="results-heading" aria-live="polite">
          {query.q ? t.t('inventory.results.countFor', { count: result.total, q: query.q }) : t.t('inventory.results.count', { count: result.total })}
        </h2>
        <div class="laurel-sort">
          <label class="usa-label margin-top-0" for="sort">
            {t.t('inventory.results.sortBy')}
          </label>
          <SortSelect t={t} query={query} />
          <button class="usa-button usa-button--outline laurel-sort__go" type="submit">
            {t.t('inventory.results.sort')}
          </button>
        </div>
      </div>
      <p class="laurel-split">
        <a href={`/inventory${inventoryQueryString(query, { page: 1, set: { endorsement: ['endorsed'] } })}`}>{t.t('inventory.results.endorsedCount', { count: endorsedCount })}</a>
        {' · '}
        <a href={`/inventory${inventoryQueryString(query, { page: 1, set: { endorsement: ['not_endorsed'] } })}`}>{t.t('inventory.results.notEndorsedCount', { count: notCount })}</a>
      </p>
      <ActiveFilters t={t} query={query} facets={facets} />
      {result.suggestion ? (
        <p class="laurel-suggestion">
          {t.tx('inventory.results.suggestion', {
            suggestion: result.suggestion,
            a: (c) => (
              <a href={`/inventory${inventoryQueryString({ ...query, q: suggestion }, { page: 1 })}`}>
                <strong>{c}</strong>
              </a>
            ),
          })}
        </p>
      ) : null}
      {result.total === 0 ? (
        <div class="usa-alert usa-alert--info usa-alert--slim margin-y-2" role="status" id="results-list" tabindex={-1}>
          <div class="usa-alert__body">
            <p class="usa-alert__text">{t.t('inventory.results.none')}</p>
          </div>
        </div>
      ) : (
        <ResultList t={t} items={result.items} id="results-list" />
      )}
      <Pagination page={query.page} perPage={query.perPage} total={result.total} href={(p) => `/inventory${inventoryQueryString(query, { page: p })}`} />
      <p class="laurel-export">
        {t.t('inventory.results.download')} <a href={`/api/v1/inventory.csv${qs.replace(/([?&])page=\d+&?/, '$1').replace(/[?&]$/, '')}`}>CSV</a> ·{' '}
        <a href={`/api/v1/inventory${qs}`}>JSON</a>
      </p>
    </div>
  );
}
