// did:web identifiers for organizations. The DID is derived from LAUREL_PUBLIC_URL and the slug, never
// stored, so the DID document, key ids and status list URLs always agree with where they are served.
import type { JsonWebKey } from 'node:crypto';
import { buildDidDocument, buildProfile, didWebFromUrl, type DidDocument, type Profile, type PublicKeyRecord } from '@laurel/credentials';
import type { Config } from '../../config.ts';
import type { OrganizationKey } from '../../storage/repositories/organization-keys.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';

/** `<publicUrl>/orgs/<slug>`: the organization's home for machine-readable documents. */
export function organizationBaseUrl(config: Pick<Config, 'publicUrl'>, slug: string): string {
  return `${config.publicUrl}/orgs/${encodeURIComponent(slug)}`;
}

/**
 * did:web per the did:web method spec §3.1: host (port colon as %3A), then each path segment of the
 * public URL (a reverse-proxy prefix included), then `orgs:<slug>`; resolves to `<that URL>/did.json`.
 */
export function organizationDid(config: Pick<Config, 'publicUrl'>, slug: string): string {
  return didWebFromUrl(organizationBaseUrl(config, slug));
}

export function keyFragment(seq: number): string {
  return `key-${seq}`;
}

export function keyId(did: string, seq: number): string {
  return `${did}#${keyFragment(seq)}`;
}

export type JwtAlg = 'RS256' | 'ES256';

/** The VC-JWT keys of set N: `#key-N-rs256` (RSA 2048) and `#key-N-es256` (P-256), JsonWebKey methods. */
export function jwtKeyId(did: string, seq: number, alg: JwtAlg): string {
  return `${did}#${keyFragment(seq)}-${alg.toLowerCase()}`;
}

/**
 * Every key the organization ever had stays listed, so credentials signed before a rotation still verify:
 * per key set N the Ed25519 Multikey #key-N (Data Integrity, and EdDSA JWTs Laurel served before 0015),
 * then, when the set has them, the JsonWebKey methods #key-N-rs256 and #key-N-es256 (VC-JWT).
 */
export async function didDocumentFor(config: Pick<Config, 'publicUrl'>, org: Pick<Organization, 'slug'>, keys: readonly OrganizationKey[]): Promise<DidDocument> {
  const did = organizationDid(config, org.slug);
  return buildDidDocument({
    did,
    keys: keys.flatMap((k): PublicKeyRecord[] => [
      // buildDidDocument emits the Ed25519 key as multibase only; the JWK here is not used.
      { kind: 'Ed25519', id: keyId(did, k.seq), controller: did, publicKeyMultibase: k.publicKeyMultibase, publicKeyJwk: {} },
      ...(k.jwt
        ? [
            { kind: 'RSA' as const, id: jwtKeyId(did, k.seq, 'RS256'), controller: did, publicKeyJwk: JSON.parse(k.jwt.rsaPublicJwk) as JsonWebKey },
            { kind: 'EC' as const, id: jwtKeyId(did, k.seq, 'ES256'), controller: did, publicKeyJwk: JSON.parse(k.jwt.p256PublicJwk) as JsonWebKey },
          ]
        : []),
    ]),
  });
}

/** The issuer Profile embedded in credentials (OB 3.0 wants an object whose type includes Profile). */
export function issuerProfileFor(config: Pick<Config, 'publicUrl'>, org: Organization): Profile {
  return buildProfile({
    id: organizationDid(config, org.slug),
    name: org.name,
    url: org.website ?? organizationBaseUrl(config, org.slug),
    ...(org.description ? { description: org.description } : {}),
  });
}
