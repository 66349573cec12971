// Organizations' signing key sets: created with the organization and at each rotation, sealed at rest,
// opened only to sign. Set N is the Ed25519 key #key-N (Data Integrity) with its VC-JWT keys #key-N-rs256
// (RSA 2048) and #key-N-es256 (P-256); a set from before migration 0015 gets its JWT keys when it next signs.
import { createSigner, generateEd25519Key, generateP256Key, generateRsaKey, type Signer, type StoredEcKey, type StoredEd25519Key, type StoredRsaKey } from '@laurel/credentials';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { OrganizationKey, SealedJwtKeys } from '../../storage/repositories/organization-keys.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import { nowIso, type Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { jwtKeyId, keyId, organizationDid, type JwtAlg } from './did.ts';

type KeyDeps = Pick<Deps, 'secrets' | 'config'>;
type Org = Pick<Organization, 'id' | 'slug'>;

/** Binds a sealed secret to its organization, key number and kind: a ciphertext moved elsewhere will not open. */
function sealingContext(organizationId: string, seq: number, alg?: JwtAlg): string {
  return `laurel:organization_key:${organizationId}:${seq}${alg ? `:${alg.toLowerCase()}` : ''}`;
}

/** Fresh RS256 and ES256 keys for set `seq`, sealed. */
async function newJwtKeys(deps: KeyDeps, org: Org, seq: number): Promise<SealedJwtKeys> {
  const did = organizationDid(deps.config, org.slug);
  const [rsa, ec] = await Promise.all([generateRsaKey({ controller: did, id: jwtKeyId(did, seq, 'RS256') }), generateP256Key({ controller: did, id: jwtKeyId(did, seq, 'ES256') })]);
  return {
    rsaPublicJwk: JSON.stringify(rsa.publicKeyJwk),
    rsaSecretSealed: deps.secrets.seal(JSON.stringify(rsa.privateKeyJwk), sealingContext(org.id, seq, 'RS256')),
    p256PublicJwk: JSON.stringify(ec.publicKeyJwk),
    p256SecretSealed: deps.secrets.seal(JSON.stringify(ec.privateKeyJwk), sealingContext(org.id, seq, 'ES256')),
  };
}

/** A fresh key set ready to insert (generated outside the transaction; inserting it is the caller's job). */
export async function newOrganizationKey(deps: KeyDeps, input: { organization: Org; seq: number; at: string }): Promise<OrganizationKey> {
  const did = organizationDid(deps.config, input.organization.slug);
  const [stored, jwt] = await Promise.all([generateEd25519Key({ controller: did, id: keyId(did, input.seq) }), newJwtKeys(deps, input.organization, input.seq)]);
  return {
    id: newId(),
    organizationId: input.organization.id,
    seq: input.seq,
    kind: 'Ed25519',
    publicKeyMultibase: stored.publicKeyMultibase,
    secretSealed: deps.secrets.seal(stored.secretKeyMultibase, sealingContext(input.organization.id, input.seq)),
    jwt,
    status: 'active',
    createdAt: input.at,
    retiredAt: null,
  };
}

/** A Signer for the set's Ed25519 key (Data Integrity); its `controller` is the organization's DID. */
export async function signerFor(deps: KeyDeps, org: Org, key: OrganizationKey): Promise<Signer> {
  return createSigner(ed25519Material(deps, org, key));
}

function ed25519Material(deps: KeyDeps, org: Org, key: OrganizationKey): StoredEd25519Key {
  const did = organizationDid(deps.config, org.slug);
  return { kind: 'Ed25519', id: keyId(did, key.seq), controller: did, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: deps.secrets.open(key.secretSealed, sealingContext(org.id, key.seq)) };
}

/** The set's opened VC-JWT keys. Throws for a set without them: get the set through currentKey, which adds them. */
export function jwtKeyMaterial(deps: KeyDeps, org: Org, key: OrganizationKey): { rs256: StoredRsaKey; es256: StoredEcKey } {
  if (!key.jwt) throw new Error(`Key set ${key.seq} of ${org.slug} has no VC-JWT keys`);
  const did = organizationDid(deps.config, org.slug);
  const j = key.jwt;
  return {
    rs256: { kind: 'RSA', id: jwtKeyId(did, key.seq, 'RS256'), controller: did, publicKeyJwk: JSON.parse(j.rsaPublicJwk), privateKeyJwk: JSON.parse(deps.secrets.open(j.rsaSecretSealed, sealingContext(org.id, key.seq, 'RS256'))) },
    es256: { kind: 'EC', id: jwtKeyId(did, key.seq, 'ES256'), controller: did, publicKeyJwk: JSON.parse(j.p256PublicJwk), privateKeyJwk: JSON.parse(deps.secrets.open(j.p256SecretSealed, sealingContext(org.id, key.seq, 'ES256'))) },
  };
}

/** Signers for the set's RS256 and ES256 keys. */
export async function jwtSignersFor(deps: KeyDeps, org: Org, key: OrganizationKey): Promise<{ rs256: Signer; es256: Signer }> {
  const m = jwtKeyMaterial(deps, org, key);
  const [rs256, es256] = await Promise.all([createSigner(m.rs256), createSigner(m.es256)]);
  return { rs256, es256 };
}

/** The Ed25519 key of a set with its JWT keys alongside: what a bulk signing thread receives. */
export type SigningKeyMaterial = StoredEd25519Key & { readonly jwt: { rs256: StoredRsaKey; es256: StoredEcKey } };

/**
 * The key material of a set, for signing in a worker thread (bulk issuing). The opened secrets stay
 * inside this process; they are never stored, logged or returned by an API.
 */
export function signingKeyMaterial(deps: KeyDeps, org: Org, key: OrganizationKey): SigningKeyMaterial {
  return { ...ed25519Material(deps, org, key), jwt: jwtKeyMaterial(deps, org, key) };
}

/** The organization's signing key set, creating key-1 if it has none and JWT keys if it predates them. */
export async function currentKey(deps: Deps, org: Org, r: Repos = repos(deps.db)): Promise<OrganizationKey> {
  let existing = await r.organizationKeys.current(org.id);
  if (!existing) {
    await addFirstKey(deps, org);
    existing = await r.organizationKeys.current(org.id);
    if (!existing) throw new Error(`Organization ${org.slug} has no active signing key`);
  }
  return existing.jwt ? existing : addJwtKeys(deps, org, existing);
}

/** JWT keys for a set from before 0015; a concurrent writer's keys stand if it was first. */
async function addJwtKeys(deps: Deps, org: Org, key: OrganizationKey): Promise<OrganizationKey> {
  await repos(deps.db).organizationKeys.addJwtKeys(key.id, await newJwtKeys(deps, org, key.seq));
  const now = await repos(deps.db).organizationKeys.findById(key.id);
  if (!now?.jwt) throw new Error(`Key set ${key.seq} of ${org.slug} has no VC-JWT keys`);
  return now;
}

async function addFirstKey(deps: Deps, org: Org): Promise<void> {
  const key = await newOrganizationKey(deps, { organization: org, seq: 1, at: nowIso(deps) });
  try {
    await repos(deps.db).organizationKeys.insert(key);
  } catch (err) {
    // Another process added key-1 at the same moment (unique organization_id + seq): theirs stands.
    if (!isUniqueViolation(err)) throw err;
  }
}

/**
 * Gives every organization without a key its key-1, and every active key set from before 0015 its JWT
 * keys. Run at start-up, so data from before keys (and before VC-JWT keys) has them.
 */
export async function ensureOrganizationKeys(deps: Deps): Promise<number> {
  const r = repos(deps.db);
  const missing = await r.organizationKeys.organizationsWithoutKeys();
  for (const id of missing) {
    const org = await r.organizations.findById(id);
    if (org) await addFirstKey(deps, org);
  }
  for (const key of await r.organizationKeys.activeWithoutJwtKeys()) {
    const org = await r.organizations.findById(key.organizationId);
    if (org) await addJwtKeys(deps, org, key);
  }
  return missing.length;
}
