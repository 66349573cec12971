// Registering a learning platform by hand, editing one (however it was registered), its deployment ids,
// and the confirmation pages for removing a deployment or the whole registration.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { LtiPlatformView } from '../../../domain/lti/platforms.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Button, ConfirmForm, Csrf, ErrorSummary, StatusAndRemove, TextArea, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { ltiBase } from './platform-list.tsx';

export type PlatformFormValues = Record<'name' | 'issuer' | 'clientId' | 'authLoginUrl' | 'authTokenUrl' | 'jwksUrl' | 'tokenAudience' | 'deploymentIds', string>;

export function platformFormValues(p?: LtiPlatformView): PlatformFormValues {
  return { name: p?.name ?? '', issuer: p?.issuer ?? '', clientId: p?.clientId ?? '', authLoginUrl: p?.authLoginUrl ?? '', authTokenUrl: p?.authTokenUrl ?? '', jwksUrl: p?.jwksUrl ?? '', tokenAudience: p?.tokenAudience ?? '', deploymentIds: p?.deploymentIds.join('\n') ?? '' };
}

function Deployments({ ctx, org, p, errors }: { ctx: PageContext; org: Organization; p: LtiPlatformView; errors: Record<string, string> }) {
  const base = `${ltiBase(org)}/${p.id}`;
  return (
    <section aria-labelledby="deployments-heading" class="margin-top-4">
      <h2 id="deployments-heading">Deployments</h2>
      <p>Each install of Laurel in the platform (an account, a site, an org unit) has a deployment ID. Launches from a deployment not listed here are refused.</p>
      <DataTable
        caption={`Deployments of ${p.name}`}
        rows={p.deploymentIds}
        rowKey={(d) => d}
        empty={<p>No deployments yet: no launch is accepted until you add the one the platform shows.</p>}
        columns={[
          { key: 'id', header: 'Deployment ID', cell: (d) => <code class="text-wrap">{d}</code> },
          { key: 'remove', header: <span class="usa-sr-only">Actions</span>, cell: (d) => <a href={`${base}/deployments/remove?deployment=${encodeURIComponent(d)}`}>Remove…</a> },
        ]}
      />
      <form class="usa-form" method="post" action={`${base}/deployments`}>
        <Csrf token={ctx.csrf} />
        <TextInput name="deploymentId" label="Add a deployment ID" value="" error={errors.deploymentId} maxLength={255} />
        <Button variant="outline">Add deployment</Button>
      </form>
    </section>
  );
}

export function LtiPlatformFormPage({ ctx, org, v, errors, message, platform }: { ctx: PageContext; org: Organization; v: PlatformFormValues; errors: Record<string, string>; message?: string | undefined; platform?: LtiPlatformView }) {
  const base = ltiBase(org);
  const title = platform ? `Edit ${platform.name}` : 'Register a platform by hand';
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Learning platforms for ${org.name}`, href: base }]} current={platform ? platform.name : 'Register by hand'} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} message={message} />
      {platform?.registeredVia === 'dynamic' ? <p>Registered by dynamic registration{platform.productFamily ? ` (${platform.productFamily})` : ''}. Edit only if the platform's administrator changed these values.</p> : null}
      {!platform ? <p>Enter the values your platform shows for the tool you created for Laurel (docs/LTI.md lists where each platform shows them). Laurel fetches the platform's keyset once when you save.</p> : null}
      <form class="usa-form usa-form--large" method="post" action={platform ? `${base}/${platform.id}` : base} novalidate>
        <Csrf token={ctx.csrf} />
        <TextInput name="name" label="Name in Laurel" hint="For example “Canvas” or “Moodle (nursing school)”. Empty: the issuer's host." value={v.name} error={errors.name} maxLength={120} />
        <TextInput name="issuer" label="Issuer (platform ID)" type="url" hint="Canvas Cloud: https://canvas.instructure.com. Moodle: the site's address. Blackboard: https://blackboard.com." value={v.issuer} error={errors.issuer} />
        <TextInput name="clientId" label="Client ID" hint="Canvas: the developer key's ID. Blackboard: the application ID." value={v.clientId} error={errors.clientId} maxLength={255} />
        <TextInput name="authLoginUrl" label="Authentication request URL (OIDC authorization endpoint)" type="url" value={v.authLoginUrl} error={errors.authLoginUrl} />
        <TextInput name="authTokenUrl" label="Access token URL" type="url" value={v.authTokenUrl} error={errors.authTokenUrl} />
        <TextInput name="jwksUrl" label="Public keyset (JWKS) URL" type="url" value={v.jwksUrl} error={errors.jwksUrl} />
        <TextInput name="tokenAudience" label="Token audience (optional)" hint="Only when the platform names one: D2L Brightspace's is https://api.brightspace.com/auth/token. Empty: the access token URL." value={v.tokenAudience} error={errors.tokenAudience} />
        {!platform ? <TextArea name="deploymentIds" label="Deployment IDs" hint="One per line. You can add more later." value={v.deploymentIds} error={errors.deploymentIds} rows={3} /> : null}
        <Button>{platform ? 'Save changes' : 'Register platform'}</Button>
      </form>
      {platform ? <Deployments ctx={ctx} org={org} p={platform} errors={errors} /> : null}
      {platform ? (
        <section aria-labelledby="placements-heading" class="margin-top-4">
          <h2 id="placements-heading">Badges in courses</h2>
          <p>
            {platform.placements === 0 ? 'No badge has been placed in a course yet. ' : `${platform.placements} ${platform.placements === 1 ? 'placement' : 'placements'}. `}
            <a href={`${base}/${platform.id}/placements`}>See the placements and their award rules</a>
          </p>
        </section>
      ) : null}
      {platform ? <StatusAndRemove csrf={ctx.csrf} base={`${base}/${platform.id}`} active={platform.status === 'active'} /> : null}
    </Page>
  );
}

export function DeletePlatformPage({ ctx, org, platform }: { ctx: PageContext; org: Organization; platform: LtiPlatformView }) {
  const base = ltiBase(org);
  return (
    <Page ctx={ctx} title={`Remove ${platform.name}?`}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Learning platforms for ${org.name}`, href: base }, { label: platform.name, href: `${base}/${platform.id}` }]} current="Remove" />
      <h1>Remove {platform.name}?</h1>
      <p>
        Launches from {platform.name} stop working at once. {platform.placements} {platform.placements === 1 ? 'badge placed in a course is' : 'badges placed in courses are'} removed with it; badges already issued stay. To stop launches for a while, turn it off instead.
      </p>
      <ConfirmForm csrf={ctx.csrf} action={`${base}/${platform.id}/delete`} cancel={`${base}/${platform.id}`} label="Remove platform" variant="secondary" />
    </Page>
  );
}

export function RemoveDeploymentPage({ ctx, org, platform, deploymentId }: { ctx: PageContext; org: Organization; platform: LtiPlatformView; deploymentId: string }) {
  const base = `${ltiBase(org)}/${platform.id}`;
  return (
    <Page ctx={ctx} title="Remove the deployment?">
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: `Learning platforms for ${org.name}`, href: ltiBase(org) }, { label: platform.name, href: base }]} current="Remove deployment" />
      <h1>Remove the deployment?</h1>
      <p>
        Launches from deployment <code>{deploymentId}</code> of {platform.name} will be refused. Badges already placed stay, but their links stop opening until the deployment is added again.
      </p>
      <ConfirmForm csrf={ctx.csrf} action={`${base}/deployments/remove`} cancel={base} label="Remove deployment" variant="secondary">
        <input type="hidden" name="deploymentId" value={deploymentId} />
      </ConfirmForm>
    </Page>
  );
}
