// The issuer registry: the State Regents and the active institutions, with their DIDs and every key they
// have had. Public: a verifier treats an issuer as one of the state's only if it is listed here.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { organizationDid } from '../credentials/did.ts';
import type { Deps } from '../deps.ts';

export interface RegistryEntry {
  readonly name: string;
  readonly slug: string;
  readonly kind: 'regents' | 'institution';
  readonly type: string | null;
  readonly website: string | null;
  readonly did: string;
  readonly did_document: string;
  readonly keys: { id: string; public_key_multibase: string; status: string }[];
}

export async function listRegistry(deps: Deps, _actor: Actor | null, _input: Record<string, never> = {}): Promise<RegistryEntry[]> {
  const r = repos(deps.db);
  const orgs = await r.organizations.list();
  return Promise.all(
    orgs
      .filter((o) => o.status === 'active')
      .map(async (o) => {
        const did = organizationDid(deps.config, o.slug);
        const keys = await r.organizationKeys.listForOrganization(o.id);
        return {
          name: o.name,
          slug: o.slug,
          kind: o.kind,
          type: o.institutionType,
          website: o.website,
          did,
          did_document: `${deps.config.publicUrl}/orgs/${o.slug}/did.json`,
          keys: keys.map((k) => ({ id: `${did}#key-${k.seq}`, public_key_multibase: k.publicKeyMultibase, status: k.status })),
        };
      }),
  );
}
