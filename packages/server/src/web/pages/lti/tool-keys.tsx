// Laurel's signing keys as an LTI tool (system administrators): which are published at /lti/jwks.json,
// and rotating to a new one, with a confirmation page first.
import type { ToolKeyView } from '../../../domain/lti/tool-keys.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { ConfirmForm, formatDate } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ToolKeysPage({ ctx, keys, jwksUrl }: { ctx: PageContext; keys: readonly ToolKeyView[]; jwksUrl: string }) {
  const title = "Laurel's signing keys for learning platforms";
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: 'Admin', href: '/admin' }]} current="LTI signing keys" />
      <h1>{title}</h1>
      <p>
        Laurel signs what it sends to learning platforms (the badges instructors place) with the active key. Platforms check the signature with the keys published at <code>{jwksUrl}</code>. A retired key stays published for seven days.
      </p>
      <DataTable
        caption="LTI signing keys"
        rows={keys}
        rowKey={(k) => k.kid}
        empty={<p>No keys yet.</p>}
        columns={[
          { key: 'kid', header: 'Key ID (kid)', cell: (k) => <code class="text-wrap">{k.kid}</code> },
          { key: 'status', header: 'Status', cell: (k) => (k.status === 'active' ? 'Active: signs' : 'Retired') },
          { key: 'created', header: 'Made', cell: (k) => formatDate(k.createdAt) },
          { key: 'retired', header: 'Retired', cell: (k) => (k.retiredAt ? formatDate(k.retiredAt) : '—') },
          { key: 'published', header: 'Published', cell: (k) => (k.published ? 'Yes' : 'No') },
        ]}
      />
      <div class="laurel-actions">
        <a class="usa-button" href="/admin/lti/keys/rotate">
          Rotate the signing key…
        </a>
      </div>
    </Page>
  );
}

export function RotateToolKeyPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title="Rotate the LTI signing key?">
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: 'LTI signing keys', href: '/admin/lti/keys' }]} current="Rotate" />
      <h1>Rotate the LTI signing key?</h1>
      <p>A new key signs from now on. The current key is retired and stays published for seven days, so platforms that cached Laurel's keys keep working. Rotate when a key may have leaked, or on your usual schedule.</p>
      <ConfirmForm csrf={ctx.csrf} action="/admin/lti/keys/rotate" cancel="/admin/lti/keys" label="Rotate the key" />
    </Page>
  );
}
