// The issuer registry: who the state's issuers are, with their DIDs and keys.
import { INSTITUTION_TYPES } from '../../../domain/institutions/institutions.ts';
import type { RegistryEntry } from '../../../domain/verification/list-registry.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

const COLUMNS: readonly Column<RegistryEntry>[] = [
  { key: 'issuer', header: 'Issuer', rowHeader: true, cell: (i) => (i.website ? <a href={i.website}>{i.name}</a> : i.name) },
  { key: 'type', header: 'Type', cell: (i) => (i.kind === 'regents' ? 'State Regents' : ((INSTITUTION_TYPES as Record<string, string>)[i.type ?? ''] ?? '—')) },
  {
    key: 'did',
    header: 'DID',
    cell: (i) => (
      <a href={i.did_document} class="font-mono-3xs laurel-audit-data">
        {i.did}
      </a>
    ),
  },
  {
    key: 'keys',
    header: 'Keys',
    cell: (i) =>
      i.keys.map((k) => (
        <div key={k.id} class="font-mono-3xs laurel-audit-data">
          {k.id.split('#')[1]} ({k.status}): {k.public_key_multibase}
        </div>
      )),
  },
];

export function RegistryPage({ ctx, issuers }: { ctx: PageContext; issuers: readonly RegistryEntry[] }) {
  return (
    <Page ctx={ctx} title="Issuer registry" wide description="The State Regents and the institutions of the state system that issue verifiable digital badges, with their DIDs and keys.">
      <h1>Issuer registry</h1>
      <p class="usa-intro">
        The State Regents and the institutions of the state system that issue digital badges. A verifier treats an issuer as one of the state’s institutions only if it is listed here. Also available as{' '}
        <a href="/registry.json">JSON</a>.
      </p>
      <DataTable caption="Issuers" columns={COLUMNS} rows={issuers} rowKey={(i) => i.slug} empty={<p>No issuers are listed yet.</p>} />
    </Page>
  );
}
