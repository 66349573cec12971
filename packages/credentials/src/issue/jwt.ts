// VC-JWT per OB 3.0 §8.2 (JSON Web Token Proof Format): the JOSE header carries only `alg`, `kid` and
// `typ`; the payload is the credential itself (without any Data Integrity `proof`) plus the registered
// claims `iss`, `sub`, `nbf`, `exp` and `jti`. See docs/CREDENTIALS.md "VC-JWT" for the `sub` rule.
import { createHash } from 'node:crypto';
import type { Signer } from './keys.ts';
import { issuerIdOf, preflight } from './sign.ts';

type Obj = { [key: string]: unknown };

const JWT_ALG = { Ed25519: 'EdDSA', RS256: 'RS256', ES256: 'ES256' } as const;

/** RFC 9562 name-space of Laurel's pseudonymous JWT subjects (a random UUID, fixed once). */
export const JWT_SUBJECT_NAMESPACE = '76beb59b-7574-4f32-b53a-f73b3d13d357';

function seconds(date: unknown): number | undefined {
  if (typeof date !== 'string') return undefined;
  const t = Date.parse(date);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

/** Name-based UUID (RFC 9562 §5.5, version 5: SHA-1 of name-space ‖ name). */
export function uuidV5(namespace: string, name: string): string {
  const h = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The `sub` claim. OB 3.0 §8.2.4.1: "`sub` — The `credentialSubject.id` property", required. A subject
 * known only by an `identifier` (Laurel's hashed email) has no id, so `sub` is then a name-based UUID URN
 * of its first identifier (`identityType` | `identityHash`): stable for that credential, a valid URI, and
 * revealing nothing the credential does not already carry (the hash is salted per award).
 */
export function jwtSubject(credential: object): string | undefined {
  const subject = (credential as Obj).credentialSubject;
  const first = Array.isArray(subject) ? subject[0] : subject;
  if (!first || typeof first !== 'object') return undefined;
  const s = first as Obj;
  if (typeof s.id === 'string') return s.id;
  const identifiers = Array.isArray(s.identifier) ? s.identifier : s.identifier ? [s.identifier] : [];
  const id = identifiers[0] as Obj | undefined;
  if (!id || typeof id.identityHash !== 'string') return undefined;
  return `urn:uuid:${uuidV5(JWT_SUBJECT_NAMESPACE, `${typeof id.identityType === 'string' ? id.identityType : ''}|${id.identityHash}`)}`;
}

/** The JWT claims set for a credential: the credential minus `proof`, plus iss, sub, nbf, exp, jti. */
export function jwtClaims(credential: object): Obj {
  const { proof: _proof, ...rest } = credential as Obj;
  const claims: Obj = { ...rest, iss: issuerIdOf(rest), sub: jwtSubject(rest), nbf: seconds(rest.validFrom), jti: typeof rest.id === 'string' ? rest.id : undefined };
  const exp = seconds(rest.validUntil);
  if (exp !== undefined) claims.exp = exp;
  return claims;
}

/**
 * Signs a credential as a compact VC-JWT with `signer` (RS256, ES256 or EdDSA): header
 * `{ alg, kid: signer.id, typ: 'JWT' }`. A Data Integrity `proof` on the input is left out of the claims.
 */
export async function signJwt(options: { credential: object; signer: Signer }): Promise<string> {
  const { signer } = options;
  const { proof: _proof, ...credential } = options.credential as Obj;
  preflight(credential, signer);
  const header = { alg: JWT_ALG[signer.algorithm], kid: signer.id, typ: 'JWT' };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(jwtClaims(credential)))}`;
  const signature = await signer.sign(Buffer.from(input, 'ascii'));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
