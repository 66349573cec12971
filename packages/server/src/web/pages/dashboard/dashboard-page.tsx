// One dashboard, with a section for each role the person holds, so someone with several roles (an
// institution admin who is also an issuer) sees all their work in one place.
import type { Dashboard } from '../../../domain/dashboard/get-dashboard.ts';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { EarnerSection, InstitutionSection, RegentsSection, SystemAdminSection } from './sections.tsx';

export function DashboardPage({ ctx, name, data, hasMemberships }: { ctx: PageContext; name: string; data: Dashboard; hasMemberships: boolean }) {
  return (
    <Page ctx={ctx} title="Dashboard">
      <h1>Welcome, {name}</h1>
      {data.systemAdmin ? <SystemAdminSection data={data.systemAdmin} /> : null}
      {data.regents ? <RegentsSection data={data.regents} roles={data.roles} /> : null}
      {data.institutions.map((part) => (
        <InstitutionSection key={part.organization.id} data={part} />
      ))}
      {!hasMemberships || data.badges.length > 0 ? <EarnerSection badges={data.badges} /> : null}
    </Page>
  );
}
