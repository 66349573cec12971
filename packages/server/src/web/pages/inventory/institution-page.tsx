// An institution's page in the inventory: its public profile and its listed programs, a page at a time.
import type { DomainError } from '../../../domain/errors.ts';
import type { InstitutionProfile } from '../../../domain/inventory/get-listed-institution.ts';
import { labelledFacets, type InventoryQuery, type InventoryResult } from '../../../domain/inventory/query.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Pagination } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ResultList } from './result-list.tsx';

export function InstitutionPage({ ctx, org, query, result, error }: { ctx: PageContext; org: InstitutionProfile; query: InventoryQuery; result: InventoryResult | null; error: DomainError | null }) {
  const slug = org.slug;
  const url = `${ctx.publicUrl}/institutions/${slug}`;
  const facets = result ? labelledFacets(result) : null;
  return (
    <Page
      ctx={ctx}
      title={ctx.t('inventory.institution.title', { name: org.name })}
      description={ctx.t('inventory.institution.description', { name: org.name })}
      head={
        <>
          <link rel="canonical" href={url} />
          <meta property="og:type" content="website" />
          <meta property="og:title" content={ctx.t('inventory.institution.title', { name: org.name })} />
          <meta property="og:description" content={org.description ?? ctx.t('inventory.institution.ogDescription', { name: org.name })} />
          <meta property="og:url" content={url} />
        </>
      }
    >
      <Breadcrumbs trail={[{ label: ctx.t('inventory.breadcrumb'), href: '/inventory' }]} current={org.name} />
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
            {ctx.t('inventory.institution.count', { count: result.total })}
          </h2>
          <p class="laurel-split">
            {ctx.t('inventory.results.endorsedCount', { count: facets.endorsement.find((x) => x.value === 'endorsed')?.count ?? 0 })} ·{' '}
            {ctx.t('inventory.results.notEndorsedCount', { count: facets.endorsement.find((x) => x.value === 'not_endorsed')?.count ?? 0 })} ·{' '}
            <a href={`/inventory?institution=${slug}`}>{ctx.t('inventory.institution.searchThese')}</a>
          </p>
          <ResultList t={ctx} items={result.items} showInstitution={false} />
          <Pagination page={query.page} perPage={query.perPage} total={result.total} href={(p) => `/institutions/${slug}${p > 1 ? `?page=${p}` : ''}`} />
        </>
      ) : null}
    </Page>
  );
}
