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
      <Breadcrumbs trail={[{ label: 'Inventory', href: '/inventory' }]} current={org.name} />
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
    </Page>
  );
}
