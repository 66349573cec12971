// An institution's DID and its keys (public halves only), as `laurel keys list` shows them.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden } from '../errors.ts';
import { canManageOrganizationKeys } from '../policy.ts';
import { jwtKeyId, keyId, organizationDid } from './did.ts';

export interface OrganizationKeyView {
  readonly id: string;
  readonly status: 'active' | 'retired';
  readonly retiredAt: string | null;
  readonly publicKeyMultibase: string;
  /** The set's VC-JWT methods (#key-N-rs256, #key-N-es256); empty for a set from before 0015 that has not signed since. */
  readonly jwtKeyIds: readonly string[];
  readonly createdAt: string;
}

/** Undefined when no organization has the slug; system administrators only (like rotating). */
export async function listOrganizationKeys(deps: Deps, actor: Actor, input: { slug: string }): Promise<{ did: string; documentUrl: string; keys: OrganizationKeyView[] } | undefined> {
  const r = repos(deps.db);
  const org = await r.organizations.findBySlug(input.slug);
  if (!org) return undefined;
  if (!canManageOrganizationKeys(actor, org)) throw forbidden('Only system administrators can list signing keys.');
  const did = organizationDid(deps.config, org.slug);
  const keys = (await r.organizationKeys.listForOrganization(org.id)).map((k) => ({
    id: keyId(did, k.seq),
    status: k.status,
    retiredAt: k.retiredAt ?? null,
    publicKeyMultibase: k.publicKeyMultibase,
    jwtKeyIds: k.jwt ? [jwtKeyId(did, k.seq, 'RS256'), jwtKeyId(did, k.seq, 'ES256')] : [],
    createdAt: k.createdAt,
  }));
  return { did, documentUrl: `${deps.config.publicUrl}/orgs/${org.slug}/did.json`, keys };
}
