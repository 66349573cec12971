// An institution's awards: search by recipient, student id or award id, filter by badge class and status.
import type { AwardList } from '../../../domain/issuance/list-awards.ts';
import { awardStatus } from '../../../domain/issuance/manage-awards.ts';
import type { Award, AwardStatusFilter } from '../../../domain/issuance/types.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Button, Pagination, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { StatusTag } from './award-fields.tsx';

const STATUS_FILTERS: readonly (readonly [AwardStatusFilter, string])[] = [
  ['active', 'Active (not revoked, suspended or expired)'],
  ['pending', 'Not yet claimed'],
  ['accepted', 'Accepted'],
  ['declined', 'Declined'],
  ['suspended', 'Suspended'],
  ['revoked', 'Revoked'],
  ['expired', 'Expired'],
];

function awardColumns(list: AwardList): Column<Award>[] {
  const names = new Map(list.badgeClasses.map((c) => [c.id, c.name]));
  return [
    {
      key: 'recipient',
      header: 'Recipient',
      cell: (a) => (
        <>
          <a href={`/issuing/awards/${a.id}`}>{a.recipientName}</a>
          <br />
          <span class="text-base-dark">{a.recipientEmail}</span>
        </>
      ),
    },
    { key: 'badge_class', header: 'Badge class', cell: (a) => names.get(a.badgeClassId) ?? '' },
    { key: 'issued', header: 'Issued', cell: (a) => a.issuedAt.slice(0, 10) },
    { key: 'expires', header: 'Expires', cell: (a) => (a.expiresAt ? a.expiresAt.slice(0, 10) : 'Never') },
    { key: 'status', header: 'Status', cell: (a) => <StatusTag status={awardStatus(a, list.now)} /> },
  ];
}

export interface AwardListProps {
  readonly ctx: PageContext;
  readonly list: AwardList;
  /** The query as typed: `institution` and `q` are shown back and kept in the page links. */
  readonly query: { readonly institution?: string | undefined; readonly q?: string | undefined };
  readonly page: number;
  readonly perPage: number;
}

export function AwardListPage({ ctx, list, query, page, perPage }: AwardListProps) {
  const { organizations, organization: org, badgeClasses, badgeClassId, status, awards } = list;
  const params = (n: number) =>
    new URLSearchParams({ ...(query.institution ? { institution: query.institution } : {}), ...(badgeClassId ? { badge_class: badgeClassId } : {}), ...(query.q ? { q: query.q } : {}), ...(status ? { status } : {}), page: String(n) }).toString();
  return (
    <Page ctx={ctx} title="Awards" wide>
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }]} current="Awards" />
      <h1>Awards of {org.name}</h1>
      <form class="usa-form laurel-filters" method="get" action="/issuing/awards" role="search" aria-label="Search and filter awards">
        {organizations.length > 1 ? <Select name="institution" label="Institution" value={org.slug} options={organizations.map((o) => [o.slug, o.name] as const)} /> : null}
        <TextInput name="q" label="Recipient email, name, student id or award id" value={query.q} />
        <Select name="badge_class" label="Badge class" value={badgeClassId} options={badgeClasses.map((c) => [c.id, c.name] as const)} emptyLabel="All badge classes" />
        <Select name="status" label="Status" value={status} options={STATUS_FILTERS} emptyLabel="Any status" />
        <Button variant="outline">Search</Button>
      </form>
      <p>
        {awards.total.toLocaleString('en-US')} award{awards.total === 1 ? '' : 's'}
      </p>
      <DataTable caption="Awards, newest first" label="Awards" columns={awardColumns(list)} rows={awards.items} rowKey={(a) => a.id} empty={<p>No award matches.</p>} />
      <Pagination page={page} perPage={perPage} total={awards.total} href={(n) => `/issuing/awards?${params(n)}`} />
    </Page>
  );
}
