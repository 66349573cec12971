// Apps the earner connected through the OB 3.0 API (Account → Connected apps), and the confirmation
// before disconnecting one.
import type { ConnectedApp } from '../../../domain/oauth/connected-apps.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Alert, ConfirmForm, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const columns: Column<ConnectedApp>[] = [
  { key: 'app', header: 'App', rowHeader: true, cell: (a) => (a.app.uri ? <a href={a.app.uri} rel="noopener noreferrer">{a.app.name}</a> : a.app.name) },
  { key: 'may', header: 'It may', cell: (a) => (a.scopes.length ? <ul class="usa-list usa-list--unstyled">{a.scopes.map((s) => <li key={s.scope}>{s.label}</li>)}</ul> : '—') },
  { key: 'since', header: 'Connected', cell: (a) => formatDate(a.connectedAt) },
  {
    key: 'actions',
    header: 'Actions',
    cell: (a) => (
      <a href={`/account/apps/${encodeURIComponent(a.grantId)}/disconnect`} aria-label={`Disconnect ${a.app.name}`}>
        Disconnect {a.app.name}
      </a>
    ),
  },
];

export function ConnectedAppsSection({ apps }: { apps: readonly ConnectedApp[] }) {
  return (
    <section aria-labelledby="apps-h" class="margin-top-5">
      <h2 id="apps-h">Connected apps</h2>
      <p>
        Wallets and other sites you allowed to reach your Laurel portfolio through the Open Badges 3.0 API. Disconnect one and it can no longer see or add badges; connect it
        again from the app if you change your mind.
      </p>
      <DataTable caption="Apps connected to your account" columns={columns} rows={apps} rowKey={(a) => a.grantId} empty={<p>No apps are connected to your account.</p>} />
    </section>
  );
}

export function DisconnectAppPage({ ctx, app }: { ctx: PageContext; app: ConnectedApp }) {
  return (
    <Page ctx={ctx} title={`Disconnect ${app.app.name}`}>
      <Breadcrumbs trail={[{ href: '/account', label: 'Your account' }]} current="Disconnect an app" />
      <h1>Disconnect “{app.app.name}”?</h1>
      <Alert kind="warning" heading="What happens">
        {app.app.name} (connected {formatDate(app.connectedAt)}) loses access at once: its access and refresh tokens stop working, and it can no longer {new Intl.ListFormat('en', { type: 'disjunction' }).format(app.scopes.map((s) => s.label.toLowerCase())) || 'reach your account'}. Badges it already
        added stay in your portfolio.
      </Alert>
      <ConfirmForm csrf={ctx.csrf} action={`/account/apps/${encodeURIComponent(app.grantId)}/disconnect`} label={`Disconnect ${app.app.name}`} cancel="/account#apps-h" variant="secondary" />
    </Page>
  );
}
