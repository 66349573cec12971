// For someone who reads the reports of several institutions (an issuer at two colleges): which one.
import type { Organization } from '../../../domain/reporting/access.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ReportChooserPage({ ctx, institutions }: { ctx: PageContext; institutions: readonly Organization[] }) {
  return (
    <Page ctx={ctx} title="Reports">
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }]} current="Reports" />
      <h1>Reports</h1>
      <p>You work for several institutions. Choose whose badges report to open.</p>
      <ul class="usa-list">
        {institutions.map((o) => (
          <li key={o.id}>
            <a class="usa-link" href={`/reports/institutions/${o.slug}`}>
              {o.name}
            </a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
