// The award register of an institution: search by recipient, student id or award id; filter by badge
// class, status and issued / expiry dates; newest first (by issue date when an issue date is given) with
// Previous / Next pages that keep the filters;
// a CSV download of everything that matches.
import { REGISTER_COUNT_CAP, type RegisterFilters, type RegisterPage } from '../../../domain/issuance/award-register.ts';
import type { AwardView } from '../../../domain/issuance/get-award.ts';
import type { AwardStatusFilter, BadgeClass, Organization } from '../../../domain/issuance/types.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Button, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
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

/** What each filter is called in the empty state's advice. */
const FILTER_NAMES: Readonly<Record<keyof RegisterFilters, string>> = {
  institution: 'institution',
  q: 'search words',
  badge_class_id: 'badge class',
  status: 'status',
  issued_from: '“issued from” date',
  issued_to: '“issued to” date',
  expires_from: '“expires from” date',
  expires_to: '“expires to” date',
};

const COLUMNS: Column<AwardView>[] = [
  {
    key: 'recipient',
    header: 'Recipient',
    cell: ({ award: a }) => (
      <>
        <a href={`/issuing/awards/${a.id}`}>{a.recipientName}</a>
        <br />
        <span class="text-base-dark">{a.recipientEmail}</span>
        {a.issuerEarnerId ? (
          <>
            <br />
            <span class="text-base-dark">Student id {a.issuerEarnerId}</span>
          </>
        ) : null}
      </>
    ),
  },
  { key: 'badge_class', header: 'Badge class', cell: (v) => v.badgeClassName },
  { key: 'issued', header: 'Issued', cell: (v) => v.award.issuedAt.slice(0, 10) },
  { key: 'expires', header: 'Expires', cell: (v) => (v.award.expiresAt ? v.award.expiresAt.slice(0, 10) : 'Never') },
  { key: 'status', header: 'Status', cell: (v) => <StatusTag status={v.status} /> },
];

export interface AwardListProps {
  readonly ctx: PageContext;
  readonly organizations: readonly Organization[];
  readonly organization: Organization;
  readonly badgeClasses: readonly BadgeClass[];
  /** The parameters as typed, shown back in the form. */
  readonly values: RegisterFilters;
  /** Field errors of a bad search (no results are shown then). */
  readonly errors?: Readonly<Record<string, string>> | undefined;
  readonly register?: RegisterPage | undefined;
  /** From countAwardRegister: above REGISTER_COUNT_CAP means "more than". */
  readonly total?: number | undefined;
}

const query = (filters: RegisterFilters, extra: Record<string, string> = {}) => new URLSearchParams({ ...(filters as Record<string, string>), ...extra }).toString();

function Filters({ organizations, organization, badgeClasses, values, errors = {} }: Omit<AwardListProps, 'ctx' | 'register' | 'total'>) {
  const classOptions = badgeClasses.map((c) => [c.id, c.name] as const);
  return (
    <form class="usa-form usa-form--large laurel-filters" method="get" action="/issuing/awards" role="search" aria-label="Search and filter awards">
      {organizations.length > 1 ? <Select name="institution" label="Institution" value={organization.slug} options={organizations.map((o) => [o.slug, o.name] as const)} /> : null}
      <TextInput name="q" label="Recipient name or email, student id, award id or credential id" hint="Words match the start of a word of the name, email or student id (any case, accents ignored); every word must match." value={values.q} error={errors.q} maxLength={200} />
      <Select name="badge_class_id" label="Badge class" value={values.badge_class_id} options={classOptions} emptyLabel="All badge classes" error={errors.badge_class_id} />
      <Select name="status" label="Status" value={values.status} options={STATUS_FILTERS} emptyLabel="Any status" error={errors.status} />
      <fieldset class="usa-fieldset">
        <legend class="usa-legend">Issued between (dates included)</legend>
        <TextInput name="issued_from" type="date" label="Issued from" value={values.issued_from} error={errors.issued_from} />
        <TextInput name="issued_to" type="date" label="Issued to" value={values.issued_to} error={errors.issued_to} />
      </fieldset>
      <fieldset class="usa-fieldset">
        <legend class="usa-legend">Expires between (dates included)</legend>
        <TextInput name="expires_from" type="date" label="Expires from" value={values.expires_from} error={errors.expires_from} />
        <TextInput name="expires_to" type="date" label="Expires to" value={values.expires_to} error={errors.expires_to} />
      </fieldset>
      <Button variant="outline">Search</Button> <a href="/issuing/awards" class="usa-link margin-left-2">Clear filters</a>
    </form>
  );
}

function EmptyState({ filters }: { filters: RegisterFilters }) {
  const applied = (Object.keys(filters) as (keyof RegisterFilters)[]).filter((k) => k !== 'institution').map((k) => FILTER_NAMES[k]);
  if (applied.length === 0)
    return (
      <p>
        No awards yet. <a href="/issuing">Issue a badge</a> and it will be listed here.
      </p>
    );
  return (
    <>
      <p>
        <strong>No award matches.</strong> You searched with: {applied.join(', ')}.
      </p>
      <p>
        Try fewer words or only part of a name or email, another status, or wider dates — or <a href="/issuing/awards">clear the filters</a>.
      </p>
    </>
  );
}

function Paging({ register }: { register: RegisterPage }) {
  if (!register.prev && !register.next) return null;
  return (
    <nav aria-label="Pages of awards" class="usa-pagination">
      <ul class="usa-pagination__list">
        {register.prev ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a class="usa-pagination__link usa-pagination__previous-page" href={`/issuing/awards?${query(register.filters, { cursor: register.prev })}`}>
              <span class="usa-pagination__link-text">Previous (newer)</span>
            </a>
          </li>
        ) : null}
        {register.next ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a class="usa-pagination__link usa-pagination__next-page" href={`/issuing/awards?${query(register.filters, { cursor: register.next })}`}>
              <span class="usa-pagination__link-text">Next (older)</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function AwardListPage(p: AwardListProps) {
  const { ctx, organization: org, register, total, errors } = p;
  const capped = (total ?? 0) > REGISTER_COUNT_CAP;
  return (
    <Page ctx={ctx} title="Awards" wide>
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }]} current="Awards" />
      <h1>Awards of {org.name}</h1>
      <ErrorSummary errors={errors ?? {}} message={errors ? 'Some search fields need attention.' : undefined} />
      <Filters organizations={p.organizations} organization={org} badgeClasses={p.badgeClasses} values={p.values} errors={errors} />
      {register ? (
        <>
          <p role="status">
            {capped ? `More than ${REGISTER_COUNT_CAP.toLocaleString('en-US')}` : (total ?? 0).toLocaleString('en-US')} {total === 1 ? 'award matches' : 'awards match'}, {register.order === 'issued' ? 'latest issue date first' : 'newest first'}.
            {total ? (
              <>
                {' '}
                <a class="usa-link" href={`/issuing/awards.csv?${query(register.filters)}`} download>
                  {capped ? 'Download CSV of all of them' : `Download CSV of all ${total.toLocaleString('en-US')}`}
                </a>
              </>
            ) : null}
          </p>
          <DataTable caption={register.order === 'issued' ? 'Awards, latest issue date first' : 'Awards, newest first'} label="Awards" columns={COLUMNS} rows={register.items} rowKey={(v) => v.award.id} empty={<EmptyState filters={register.filters} />} />
          <Paging register={register} />
        </>
      ) : null}
    </Page>
  );
}
