// The Issuing page: per institution, its badge classes with award counts and links to issue, and its recent uploads.
import type { IssuingSection } from '../../../domain/issuance/get-issuing-overview.ts';
import type { BadgeClass, BadgeClassCounts } from '../../../domain/issuance/types.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const NO_AWARDS: BadgeClassCounts = { issued: 0, accepted: 0, pending: 0, declined: 0, revoked: 0 };

function classColumns(counts: Map<string, BadgeClassCounts>): Column<BadgeClass>[] {
  const n = (bc: BadgeClass) => counts.get(bc.id) ?? NO_AWARDS;
  return [
    { key: 'name', header: 'Badge class', cell: (bc) => <a href={`/issuing/awards?badge_class_id=${bc.id}`}>{bc.name}</a> },
    { key: 'issued', header: 'Issued', cell: (bc) => n(bc).issued },
    { key: 'accepted', header: 'Accepted', cell: (bc) => n(bc).accepted },
    { key: 'pending', header: 'Pending', cell: (bc) => n(bc).pending },
    { key: 'revoked', header: 'Revoked', cell: (bc) => n(bc).revoked },
    { key: 'expires', header: 'Expires after', cell: (bc) => (bc.expiresAfterMonths ? `${bc.expiresAfterMonths} months` : 'Never') },
    {
      key: 'issue',
      header: 'Issue',
      class: 'laurel-nowrap',
      cell: (bc) => (
        <>
          <a href={`/issuing/badge-classes/${bc.id}/issue`} aria-label={`Issue ${bc.name} to one person`}>
            One person
          </a>{' '}
          ·{' '}
          <a href={`/issuing/badge-classes/${bc.id}/bulk`} aria-label={`Issue ${bc.name} from a CSV file`}>
            CSV file
          </a>
        </>
      ),
    },
  ];
}

function Section({ section: { organization: org, badgeClasses, counts, batches } }: { section: IssuingSection }) {
  return (
    <section aria-labelledby={`org-${org.slug}`} class="margin-bottom-5">
      <h2 id={`org-${org.slug}`}>{org.name}: badge classes</h2>
      <DataTable
        caption={`Badge classes of ${org.name} with award counts`}
        label={`Badge classes of ${org.name}`}
        columns={classColumns(counts)}
        rows={badgeClasses}
        rowKey={(bc) => bc.id}
        empty={<p>No badge class yet: a badge class is created when a program is approved or listed.</p>}
      />
      {batches.length ? (
        <>
          <h3>Recent uploads</h3>
          <ul class="usa-list">
            {batches.slice(0, 10).map((b) => (
              <li key={b.id}>
                <a href={`/issuing/batches/${b.id}`}>{b.filename}</a>: {b.totalRows.toLocaleString('en-US')} rows, {b.status === 'preview' ? 'not confirmed' : b.status === 'done' ? 'finished' : 'issuing'} · {formatDate(b.createdAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function IssuingHomePage({ ctx, sections }: { ctx: PageContext; sections: readonly IssuingSection[] }) {
  return (
    <Page ctx={ctx} title="Issuing" wide>
      <h1>Issuing badges</h1>
      <p class="usa-intro">Issue a badge for an approved or listed program: to one person, from a CSV file, or through the API.</p>
      <div class="laurel-actions margin-bottom-3">
        <a class="usa-button usa-button--outline" href="/issuing/awards">
          All awards
        </a>
        <a class="usa-button usa-button--outline" href="/issuing/revoke-csv">
          Revoke or suspend by CSV
        </a>
        <a class="usa-button usa-button--outline" href="/issuing/milestones">
          Milestones awaiting approval
        </a>
        <a class="usa-button usa-button--outline" href="/issuing/template.csv">
          CSV template
        </a>
      </div>
      {sections.map((s) => (
        <Section key={s.organization.id} section={s} />
      ))}
    </Page>
  );
}
