// Organizations' Ed25519 signing keys: created with the organization, sealed at rest, opened only to sign.
import { createSigner, generateEd25519Key, type Signer } from '@laurel/credentials';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { OrganizationKey } from '../../storage/repositories/organization-keys.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import { nowIso, type Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { keyId, organizationDid } from './did.ts';

/** Binds a sealed secret to its organization and key number: a ciphertext moved to another row will not open. */
function sealingContext(organizationId: string, seq: number): string {
  return `laurel:organization_key:${organizationId}:${seq}`;
}

/** A fresh key pair ready to insert (generated outside the transaction; inserting it is the caller's job). */
export async function newOrganizationKey(deps: Pick<Deps, 'secrets' | 'config'>, input: { organization: Pick<Organization, 'id' | 'slug'>; seq: number; at: string }): Promise<OrganizationKey> {
  const did = organizationDid(deps.config, input.organization.slug);
  const stored = await generateEd25519Key({ controller: did, id: keyId(did, input.seq) });
  return {
    id: newId(),
    organizationId: input.organization.id,
    seq: input.seq,
    kind: 'Ed25519',
    publicKeyMultibase: stored.publicKeyMultibase,
    secretSealed: deps.secrets.seal(stored.secretKeyMultibase, sealingContext(input.organization.id, input.seq)),
    status: 'active',
    createdAt: input.at,
    retiredAt: null,
  };
}

/** A Signer for the organization's current key; its `controller` is the organization's DID. */
export async function signerFor(deps: Pick<Deps, 'secrets' | 'config'>, org: Pick<Organization, 'id' | 'slug'>, key: OrganizationKey): Promise<Signer> {
  const did = organizationDid(deps.config, org.slug);
  return createSigner({
    kind: 'Ed25519',
    id: keyId(did, key.seq),
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: deps.secrets.open(key.secretSealed, sealingContext(org.id, key.seq)),
  });
}

/**
 * The key material of a signer, for signing in a worker thread (bulk issuing). The opened secret stays
 * inside this process; it is never stored, logged or returned by an API.
 */
export function signingKeyMaterial(deps: Pick<Deps, 'secrets' | 'config'>, org: Pick<Organization, 'id' | 'slug'>, key: OrganizationKey): { kind: 'Ed25519'; id: string; controller: string; publicKeyMultibase: string; secretKeyMultibase: string } {
  const did = organizationDid(deps.config, org.slug);
  return { kind: 'Ed25519', id: keyId(did, key.seq), controller: did, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: deps.secrets.open(key.secretSealed, sealingContext(org.id, key.seq)) };
}

/** The organization's signing key, creating key-1 if it has none (an organization from before keys existed). */
export async function currentKey(deps: Deps, org: Pick<Organization, 'id' | 'slug'>, r: Repos = repos(deps.db)): Promise<OrganizationKey> {
  const existing = await r.organizationKeys.current(org.id);
  if (existing) return existing;
  await addFirstKey(deps, org);
  const created = await r.organizationKeys.current(org.id);
  if (!created) throw new Error(`Organization ${org.slug} has no active signing key`);
  return created;
}

async function addFirstKey(deps: Deps, org: Pick<Organization, 'id' | 'slug'>): Promise<void> {
  const key = await newOrganizationKey(deps, { organization: org, seq: 1, at: nowIso(deps) });
  try {
    await repos(deps.db).organizationKeys.insert(key);
  } catch (err) {
    // Another process added key-1 at the same moment (unique organization_id + seq): theirs stands.
    if (!isUniqueViolation(err)) throw err;
  }
}

/** Gives every organization without a key its key-1. Run at start-up, so data from before keys has them. */
export async function ensureOrganizationKeys(deps: Deps): Promise<number> {
  const r = repos(deps.db);
  const missing = await r.organizationKeys.organizationsWithoutKeys();
  for (const id of missing) {
    const org = await r.organizations.findById(id);
    if (org) await addFirstKey(deps, org);
  }
  return missing.length;
}
