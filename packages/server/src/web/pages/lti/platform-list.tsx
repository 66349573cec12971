// An institution's learning platforms (LTI 1.3): the values its platform administrators enter for
// Laurel, and the registered platforms.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { LtiPlatformView, LtiToolValues } from '../../../domain/lti/platforms.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable } from '../../components/data-table.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ltiBase(org: Pick<Organization, 'slug'>): string {
  return `/admin/institutions/${org.slug}/lti`;
}

export function ToolValues({ tool }: { tool: LtiToolValues }) {
  const rows: [string, string][] = [
    ['Dynamic registration URL (Canvas, Moodle 4, D2L Brightspace)', tool.registrationUrl],
    ['OpenID Connect login initiation URL', tool.loginUrl],
    ['Redirect URI (launch URL)', tool.redirectUrl],
    ['Target link URI', tool.targetLinkUri],
    ['Deep linking (content selection) URL', tool.deepLinkingUrl],
    ['Public keyset (JWKS) URL', tool.jwksUrl],
    ['Domain', tool.domain],
  ];
  return (
    <dl>
      {rows.map(([label, value]) => (
        <div class="margin-bottom-1" key={label}>
          <dt class="text-bold">{label}</dt>
          <dd class="margin-left-0">
            <code class="text-wrap">{value}</code>
          </dd>
        </div>
      ))}
      <div class="margin-bottom-1">
        <dt class="text-bold">Signing algorithm, message types</dt>
        <dd class="margin-left-0">RS256; LtiResourceLinkRequest and LtiDeepLinkingRequest</dd>
      </div>
    </dl>
  );
}

export function LtiOverviewPage({ ctx, org, platforms, tool, canManageKeys }: { ctx: PageContext; org: Organization; platforms: readonly LtiPlatformView[]; tool: LtiToolValues; canManageKeys: boolean }) {
  const base = ltiBase(org);
  const title = `Learning platforms for ${org.name}`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: org.name, href: `/admin/institutions/${org.slug}/edit` }]} current="Learning platforms" />
      <h1>{title}</h1>
      <p class="usa-intro">Register Laurel in your learning management system (Canvas, Moodle, D2L Brightspace, Blackboard) so instructors can place {org.name}'s badges in their courses.</p>
      <section aria-labelledby="for-lms-heading" class="bg-base-lightest padding-2 margin-bottom-3">
        <h2 id="for-lms-heading" class="margin-top-0">
          For your platform's administrator
        </h2>
        <p>With dynamic registration the platform needs only the first address; otherwise enter these in the platform, then register the platform here with the values it shows.</p>
        <ToolValues tool={tool} />
      </section>
      <section aria-labelledby="platforms-heading">
        <h2 id="platforms-heading">Registered platforms</h2>
        <DataTable
          caption={`Learning platforms of ${org.name}`}
          rows={platforms}
          rowKey={(p) => p.id}
          empty={<p>No platforms yet. Register one by dynamic registration from the platform, or by hand below.</p>}
          columns={[
            { key: 'name', header: 'Name', cell: (p) => <a href={`${base}/${p.id}`}>{p.name}</a> },
            { key: 'issuer', header: 'Issuer', cell: (p) => <code class="text-wrap">{p.issuer}</code> },
            { key: 'client', header: 'Client ID', cell: (p) => <code class="text-wrap">{p.clientId}</code> },
            { key: 'deployments', header: 'Deployments', cell: (p) => p.deploymentIds.length, class: 'text-right' },
            { key: 'placements', header: 'Badges placed', cell: (p) => p.placements, class: 'text-right' },
            { key: 'status', header: 'Status', cell: (p) => (p.status === 'active' ? 'On' : 'Off') },
          ]}
        />
        <div class="laurel-actions">
          <a class="usa-button" href={`${base}/new`}>
            Register a platform by hand
          </a>
          {canManageKeys ? (
            <a class="usa-button usa-button--outline" href="/admin/lti/keys">
              Laurel's LTI signing keys
            </a>
          ) : null}
        </div>
      </section>
    </Page>
  );
}
